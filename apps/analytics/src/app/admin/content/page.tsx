import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { listContentByCollection } from "~/server/admin/collections";
import { publicOrigin } from "~/server/http/request-meta";
import { requireAdminViewer } from "~/server/sessions/require-admin-viewer";
import { describeSettings } from "~/server/settings/settings";
import { sectionCardStyle } from "../_components/styles";
import { CopySnippet } from "./copy-snippet";
import {
  fullAppPathOf,
  fullAppSnippet,
  GUEST_SECRET_VARIABLE,
  guestSnippet,
  type SnippetItem,
  sdkSnippet,
} from "./embedding-snippets";
import { GuestEmbeddingSwitch } from "./guest-embedding-switch";
import { type EmbeddableParameter, ParameterModeSelect } from "./parameter-mode-select";

export const metadata: Metadata = { title: "Content and embedding · Admin console" };

// minWidth 0: a grid child may shrink below its snippets' width (no overflow at 768 px).
const card = { ...sectionCardStyle, minWidth: 0 } as const;
const muted = { margin: 0, color: "#475569" } as const;
const warning = { margin: 0, color: "#b45309" } as const;

type Content = Awaited<ReturnType<typeof listContentByCollection>>;
type DashboardItem = Content["outsideCollections"]["dashboards"][number];
type QuestionItem = Content["outsideCollections"]["questions"][number];

/** The address snippets use: the origin this browser reached, as the API's own helper reads it. */
async function instanceUrl(): Promise<string | null> {
  // A page has no Request: the same helper over the request's headers (Host, X-Forwarded-*).
  return (
    publicOrigin(new Request("http://localhost/", { headers: await headers() }))?.origin ?? null
  );
}

/** `/admin/content`: collections with their dashboards and questions, guest switches, parameter modes, snippets. */
export default async function AdminContentPage() {
  await requireAdminViewer();
  const [content, origin, settings] = await Promise.all([
    listContentByCollection(),
    instanceUrl(),
    describeSettings(),
  ]);
  const url = origin ?? "https://analytics.example.com";
  const sections = [
    ...content.collections.map((collection) => ({
      key: `collection-${collection.id}`,
      title: `Collection: ${collection.name}`,
      description: collection.description,
      dashboards: collection.dashboards,
      questions: collection.questions,
    })),
    {
      key: "no-collection",
      title: "Not in a collection",
      description: null,
      ...content.outsideCollections,
    },
  ].filter(
    (section) =>
      section.key !== "no-collection" || section.dashboards.length + section.questions.length > 0,
  );
  const isEmpty = sections.every(
    (section) => section.dashboards.length + section.questions.length === 0,
  );

  return (
    <div style={{ display: "grid", gap: 16, minWidth: 0 }}>
      <h1 style={{ fontSize: 22, margin: "4px 0 0" }}>Content and embedding</h1>
      <p style={muted}>
        Each dashboard and question embeds three ways: the React SDK and the full app sign your
        users in (their groups and row policies decide what they see); a guest token needs no user,
        opens only what has guest embedding on, and is narrowed by its locked parameters. Snippets
        use this server&apos;s address as your browser reached it:{" "}
        <code data-testid="instance-url">{url}</code>
        {origin ? "" : " (a placeholder: the request did not say)"}.
      </p>
      {isEmpty ? (
        <p style={muted} data-testid="content-empty">
          No dashboards or questions yet. Create them through the admin API (
          <code>POST /api/admin/dashboards</code>, <code>POST /api/admin/cards</code>) or import a
          configuration document (<code>PUT /api/admin/config</code>); they appear here.
        </p>
      ) : null}
      {sections.map((section) => (
        <section
          key={section.key}
          aria-labelledby={`${section.key}-title`}
          data-testid={section.key}
          style={{ display: "grid", gap: 12, minWidth: 0 }}
        >
          <h2 id={`${section.key}-title`} style={{ fontSize: 18, margin: "8px 0 0" }}>
            {section.title}
          </h2>
          {section.description ? <p style={muted}>{section.description}</p> : null}
          {section.dashboards.length + section.questions.length === 0 ? (
            <p style={muted}>This collection holds no dashboards or questions.</p>
          ) : null}
          {section.dashboards.map((dashboard) => (
            <DashboardEntry
              key={`d${dashboard.id}`}
              dashboard={dashboard}
              url={url}
              idpUrl={settings.values.idpUrl}
            />
          ))}
          {section.questions.map((question) => (
            <QuestionEntry key={`q${question.id}`} question={question} url={url} />
          ))}
        </section>
      ))}
    </div>
  );
}

const lockedSlugsOf = (parameters: EmbeddableParameter[]) =>
  parameters.filter((parameter) => parameter.embedding === "locked").map((p) => p.slug);

function ItemHeading(props: { id: string; kind: string; name: string; itemId: number }) {
  return (
    <h3 id={props.id} style={{ fontSize: 16, margin: 0 }}>
      <span style={{ color: "#475569", fontWeight: 400 }}>{props.kind} · </span>
      {props.name} <span style={{ color: "#475569", fontWeight: 400 }}>(id {props.itemId})</span>
    </h3>
  );
}

function ParameterModes(props: {
  path: string;
  parameters: EmbeddableParameter[];
  testId: string;
}) {
  if (props.parameters.length === 0) {
    return <p style={muted}>No parameters: a guest token locks nothing here.</p>;
  }
  return (
    <fieldset
      style={{ border: "1px solid #e2e8f0", borderRadius: 6, display: "grid", gap: 8, minWidth: 0 }}
    >
      <legend style={{ fontWeight: 600, padding: "0 4px" }}>Parameters in guest embeds</legend>
      {props.parameters.map((parameter, index) => (
        <ParameterModeSelect
          key={parameter.id}
          path={props.path}
          parameters={props.parameters}
          index={index}
          testId={`${props.testId}-parameter-${parameter.slug}`}
        />
      ))}
    </fieldset>
  );
}

/** What the guest mode needs before its snippet: the switch on, and a word when nothing is locked. */
function GuestSnippet(props: { item: SnippetItem; enabled: boolean; url: string; testId: string }) {
  if (!props.enabled) {
    return (
      <p style={muted} data-testid={`${props.testId}-guest-off`}>
        <strong>Guest token:</strong> turn on guest embedding first; until then every guest token
        for this {props.item.kind} is refused.
      </p>
    );
  }
  return (
    <>
      {props.item.lockedSlugs.length === 0 ? (
        <p style={warning} data-testid={`${props.testId}-guest-unlocked`}>
          No parameter is locked: every guest sees all the rows this {props.item.kind} shows. Lock a
          parameter (e.g. the account) to narrow each embed to one customer.
        </p>
      ) : null}
      <CopySnippet
        title={`Guest token signed with @embed/node (secret from ${GUEST_SECRET_VARIABLE})`}
        code={guestSnippet(props.url, props.item)}
        testId={`${props.testId}-snippet-guest`}
      />
    </>
  );
}

/**
 * One dashboard or question: its heading and links, guest switch, parameter modes and the
 * snippets of each mode that applies (`fullApp`: the dashboard's iframe, or why a question has none).
 */
function ContentEntry(props: {
  item: SnippetItem;
  apiPath: string;
  parameters: EmbeddableParameter[];
  guestEmbeddingEnabled: boolean;
  /** Native questions: no guest embedding at all. */
  isNative: boolean;
  links: ReactNode;
  fullApp: ReactNode;
  url: string;
}) {
  const { item, url } = props;
  const testId = `${item.kind}-${item.id}`;
  const kindLabel = item.kind === "dashboard" ? "Dashboard" : "Question";
  return (
    <article aria-labelledby={`${testId}-title`} data-testid={testId} style={card}>
      <div style={{ display: "flex", gap: 12, alignItems: "baseline", flexWrap: "wrap" }}>
        <ItemHeading id={`${testId}-title`} kind={kindLabel} name={item.name} itemId={item.id} />
        {props.links}
      </div>
      {props.isNative ? (
        <p style={muted}>
          Native SQL question: it cannot be guest-embedded (a guest never runs SQL).
        </p>
      ) : (
        <>
          <GuestEmbeddingSwitch
            path={props.apiPath}
            itemLabel={`${item.kind} “${item.name}”`}
            enabled={props.guestEmbeddingEnabled}
            testId={testId}
          />
          <ParameterModes path={props.apiPath} parameters={props.parameters} testId={testId} />
        </>
      )}
      <details data-testid={`${testId}-snippets`}>
        <summary style={{ cursor: "pointer", fontWeight: 600 }}>Embedding snippets</summary>
        <div style={{ display: "grid", gap: 12, marginTop: 8, minWidth: 0 }}>
          <CopySnippet
            title="React SDK component (@embed/react)"
            code={sdkSnippet(url, item)}
            testId={`${testId}-snippet-sdk`}
          />
          {props.fullApp}
          {props.isNative ? null : (
            <GuestSnippet
              item={item}
              enabled={props.guestEmbeddingEnabled}
              url={url}
              testId={testId}
            />
          )}
        </div>
      </details>
    </article>
  );
}

/** What every entry needs of its dashboard or question. */
function entryProps(
  kind: SnippetItem["kind"],
  content: { id: number; name: string; parameters: unknown[]; guestEmbeddingEnabled: boolean },
) {
  const parameters = content.parameters as EmbeddableParameter[];
  return {
    item: { kind, id: content.id, name: content.name, lockedSlugs: lockedSlugsOf(parameters) },
    apiPath: `/api/admin/${kind === "dashboard" ? "dashboards" : "cards"}/${content.id}`,
    parameters,
    guestEmbeddingEnabled: content.guestEmbeddingEnabled,
  };
}

function DashboardEntry(props: { dashboard: DashboardItem; url: string; idpUrl: string }) {
  const { dashboard, url } = props;
  return (
    <ContentEntry
      {...entryProps("dashboard", dashboard)}
      isNative={false}
      url={url}
      links={
        <>
          <a href={fullAppPathOf(dashboard.id)}>
            Open<span className="visually-hidden"> dashboard {dashboard.name}</span>
          </a>
          <span style={{ color: "#475569", fontSize: 14 }}>{dashboard.cardCount} card(s)</span>
        </>
      }
      fullApp={
        <>
          <CopySnippet
            title="Full app in an iframe (SSO redirect flow)"
            code={fullAppSnippet(url, dashboard.id, dashboard.name)}
            testId={`dashboard-${dashboard.id}-snippet-full-app`}
          />
          <p style={{ ...muted, fontSize: 14 }}>
            The app sends the browser to your identity-provider URL (<code>{props.idpUrl}</code>,
            answered by <code>createSsoRedirectHandler</code> from <code>@embed/node</code>), then
            opens the dashboard. Only authorized origins may frame it.
          </p>
        </>
      }
    />
  );
}

function QuestionEntry(props: { question: QuestionItem; url: string }) {
  const { question, url } = props;
  return (
    <ContentEntry
      {...entryProps("question", question)}
      isNative={question.queryKind === "native"}
      url={url}
      links={
        question.onDashboards.length > 0 ? (
          <span style={{ fontSize: 14 }}>
            Open on{" "}
            {question.onDashboards.map((dashboard, index) => (
              <span key={dashboard.id}>
                {index > 0 ? ", " : ""}
                <a href={fullAppPathOf(dashboard.id)}>{dashboard.name}</a>
              </span>
            ))}
          </span>
        ) : (
          <span style={{ color: "#475569", fontSize: 14 }}>On no dashboard</span>
        )
      }
      fullApp={
        <p style={{ ...muted, fontSize: 14 }}>
          Full app: a question has no page of its own; frame a dashboard that shows it.
        </p>
      }
    />
  );
}
