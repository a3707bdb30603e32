import type { CSSProperties } from "react";
import { payloadText } from "~/server/audit/audit-event-csv-row";
import { listAuditEventTypes } from "~/server/audit/list-audit-event-types";
import {
  type AuditEventFilter,
  type AuditEventRow,
  parseAuditQuery,
  searchAuditEvents,
} from "~/server/audit/search-audit-events";
import { ApiError } from "~/server/http/api-error";
import { requireAdminViewer } from "~/server/sessions/require-admin-viewer";
import { AuditFilterForm, type AuditFilterValues } from "./audit-filter-form";

const PAGE_SIZE = 50;
const cell: CSSProperties = { padding: "6px 8px", borderBottom: "1px solid #e2e8f0" };
const utc = (date: Date) => `${date.toISOString().replace("T", " ").slice(0, 19)}`;

function actorText(event: AuditEventRow): string {
  if (event.actorEmail) return event.actorEmail;
  if (event.actorUserId !== null) return `user ${event.actorUserId}`;
  const email = payloadText(event, "email");
  return email ? `${email} (claimed)` : "—";
}

function tenantText(event: AuditEventRow): string {
  const attributes = event.actorAttributes as Record<string, unknown> | null;
  const tenant = attributes?.tenant;
  return typeof tenant === "string" || typeof tenant === "number" ? String(tenant) : "";
}

/** `/admin/audit`: who did what, filtered by the URL's query, a page at a time, and as CSV. */
export default async function AdminAuditPage(props: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdminViewer();
  const raw = await props.searchParams;
  const params = Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
  );
  const values: AuditFilterValues = {
    type: params.type ?? "",
    email: params.email ?? "",
    attribute: params.attribute ?? "",
    value: params.value ?? "",
    from: params.from ?? "",
    to: params.to ?? "",
  };
  const filterQuery = new URLSearchParams(
    Object.entries(values).filter(([, value]) => value !== ""),
  );
  let filter: AuditEventFilter | null = null;
  let problem: string | null = null;
  try {
    filter = parseAuditQuery({ ...params }, PAGE_SIZE);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    problem = error.publicMessage;
  }
  const [types, result] = await Promise.all([
    listAuditEventTypes(),
    filter
      ? searchAuditEvents(filter).catch((error: unknown) => {
          if (!(error instanceof ApiError)) throw error;
          problem = error.publicMessage;
          return null;
        })
      : null,
  ]);
  if (values.type && !types.includes(values.type)) types.push(values.type);
  const nextQuery = result?.nextCursor
    ? new URLSearchParams([...filterQuery, ["cursor", result.nextCursor]])
    : null;
  return (
    // data-query: the filters this render shows (a test waits for it after navigating).
    <div style={{ display: "grid", gap: 16 }} data-query={filterQuery.toString()}>
      <div style={{ display: "flex", alignItems: "baseline", gap: 12, flexWrap: "wrap" }}>
        <h1 style={{ fontSize: 22, margin: "4px 0 0", flex: 1 }}>Audit</h1>
        <a
          href={`/api/admin/audit/export${filterQuery.size ? `?${filterQuery}` : ""}`}
          download
          style={{ color: "#1d4ed8" }}
        >
          Export CSV
        </a>
      </div>
      <p style={{ margin: 0, color: "#475569", fontSize: 14 }}>
        Newest first, times in UTC. Refused logins from one client with one code are folded into one
        row per 15 minutes; its count says how many. The attribute filter matches the actor's
        attributes at the time (e.g. <code>tenant</code>).
      </p>
      <AuditFilterForm values={values} types={types} />
      {problem ? (
        <p role="alert" style={{ color: "#b91c1c", margin: 0 }}>
          {problem}
        </p>
      ) : result && result.events.length === 0 ? (
        <p role="status" style={{ color: "#64748b", margin: 0 }}>
          No audit events match {filterQuery.size ? "these filters" : "yet"}.
        </p>
      ) : result ? (
        <section
          aria-label="Audit events"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls sideways on narrow screens; the keyboard must reach it.
          tabIndex={0}
          style={{ overflowX: "auto", background: "#fff", border: "1px solid #e2e8f0" }}
        >
          <table
            data-testid="audit-table"
            style={{ width: "100%", borderCollapse: "collapse", fontSize: 13 }}
          >
            <caption style={{ textAlign: "left", padding: "6px 8px", color: "#475569" }}>
              {result.events.length} {result.events.length === 1 ? "row" : "rows"}
              {params.cursor ? " (a later page)" : ""}
            </caption>
            <thead>
              <tr style={{ textAlign: "left", background: "#f8fafc" }}>
                {[
                  "Time (UTC)",
                  "Type",
                  "Actor",
                  "Tenant",
                  "Resource",
                  "Client",
                  "Code",
                  "Count",
                ].map((heading) => (
                  <th key={heading} scope="col" style={cell}>
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.events.map((event) => (
                <tr key={event.id} data-testid="audit-row">
                  <td style={{ ...cell, whiteSpace: "nowrap" }}>
                    <time dateTime={event.lastOccurredAt.toISOString()}>
                      {utc(event.lastOccurredAt)}
                    </time>
                    {event.count > 1 ? (
                      <div style={{ color: "#64748b" }}>since {utc(event.createdAt)}</div>
                    ) : null}
                  </td>
                  <td style={cell}>{event.type}</td>
                  <td style={cell}>{actorText(event)}</td>
                  <td style={cell}>{tenantText(event)}</td>
                  <td style={cell}>
                    {event.resourceType
                      ? `${event.resourceType}${event.resourceId ? ` ${event.resourceId}` : ""}`
                      : ""}
                  </td>
                  <td style={cell}>{payloadText(event, "client")}</td>
                  <td style={cell}>
                    {payloadText(event, "code") ? <code>{payloadText(event, "code")}</code> : ""}
                  </td>
                  <td style={cell}>{event.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <nav aria-label="Audit pages" style={{ display: "flex", gap: 16 }}>
        {params.cursor ? (
          <a href={`/admin/audit${filterQuery.size ? `?${filterQuery}` : ""}`}>First page</a>
        ) : null}
        {nextQuery ? <a href={`/admin/audit?${nextQuery}`}>Next page</a> : null}
      </nav>
    </div>
  );
}
