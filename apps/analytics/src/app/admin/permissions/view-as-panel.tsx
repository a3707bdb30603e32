"use client";

import { type FormEvent, useId, useState } from "react";
import { ActionMessage } from "../_components/action-message";
import {
  fieldStyle,
  inlineFormStyle,
  labelStyle,
  primaryButton,
  secondaryButton,
} from "../_components/styles";
import { useAdminAction } from "../_components/use-admin-action";
import { RadioChoice, toggled } from "./choices";
import { BoundParameters, ResultTable, sqlBlockStyle } from "./result-table";
import { parseAttributes } from "./row-policy-editor";

interface FoundUser {
  id: number;
  email: string;
  attributes: unknown;
}

type RowFilter =
  | { kind: "column_attribute"; column: string; value?: unknown }
  | { kind: "sql_view"; sql: string; attributes: Record<string, unknown> };
type TableAccess =
  | { level: "full" }
  | { level: "sandboxed"; rowFilters: RowFilter[]; visibleColumns: string[] | null };

interface PreviewAnswer {
  subject: {
    email: string | null;
    isAdmin: boolean;
    attributes: Record<string, unknown>;
    groups: { id: number; name: string }[];
  };
  policy: { tables: Record<string, TableAccess> };
  sql: string | null;
  parameters: unknown[];
  result: { columns: { name: string }[]; rows: unknown[][]; truncated: boolean } | null;
  refused: { code: string; message: string } | null;
}

/** The effective policy in words: one line per table the person may read. */
function describeAccess(table: string, access: TableAccess): string {
  if (access.level === "full") return `${table}: every row.`;
  const columns = access.visibleColumns ? ` Columns: ${access.visibleColumns.join(", ")}.` : "";
  if (access.rowFilters.length === 0)
    return `${table}: sandboxed without a row policy — no rows.${columns}`;
  const filters = access.rowFilters.map((filter) => {
    if (filter.kind === "sql_view") return "a SQL view";
    return filter.value === undefined
      ? `${filter.column} = (attribute missing — no rows)`
      : `${filter.column} = ${JSON.stringify(filter.value)}`;
  });
  return `${table}: rows where ${filters.join(" or ")}.${columns}`;
}

/**
 * "View as": a stored user, or an attribute set (and groups) as an SSO token would carry it, on a
 * question or a dashboard card — the effective SQL, its bound values and the rows, as
 * `POST /api/admin/preview` returns them.
 */
export function ViewAsPanel(props: {
  groups: { id: number; name: string }[];
  cards: { id: number; name: string }[];
  dashcards: { dashboardId: number; dashcardId: number; name: string }[];
}) {
  const ids = useId();
  const [mode, setMode] = useState<"user" | "attributes">("attributes");
  const [query, setQuery] = useState("");
  const [users, setUsers] = useState<FoundUser[] | null>(null);
  const [userId, setUserId] = useState("");
  const [attributes, setAttributes] = useState('{"primary_id": 1, "role": "customer"}');
  const [groupIds, setGroupIds] = useState<Set<number>>(new Set());
  const [target, setTarget] = useState(() => {
    const first = props.dashcards[0];
    return first
      ? `dashcard:${first.dashboardId}:${first.dashcardId}`
      : `card:${props.cards[0]?.id ?? ""}`;
  });
  const [answer, setAnswer] = useState<PreviewAnswer | null>(null);
  const search = useAdminAction();
  const preview = useAdminAction();

  async function findUsers() {
    const result = await search.run<{ users: FoundUser[] }>(
      `/api/admin/users?q=${encodeURIComponent(query.trim())}`,
      { method: "GET" },
      {
        refresh: false,
        success: (body) =>
          body.users.length === 0 ? "No user matches." : `${body.users.length} user(s) found.`,
      },
    );
    if (result?.ok) {
      setUsers(result.body.users);
      setUserId(String(result.body.users[0]?.id ?? ""));
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAnswer(null);
    let who: Record<string, unknown>;
    if (mode === "user") {
      if (userId === "") {
        preview.refuse("Search for a user by email and choose one first.");
        return;
      }
      who = { userId: Number(userId) };
    } else {
      const parsed = parseAttributes(attributes);
      if (typeof parsed === "string") {
        preview.refuse(parsed);
        return;
      }
      who = { attributes: parsed, ...(groupIds.size > 0 ? { groupIds: [...groupIds] } : {}) };
    }
    const [kind, first, second] = target.split(":");
    if (!first) {
      preview.refuse("Choose a question or a dashboard card.");
      return;
    }
    const what =
      kind === "card"
        ? { cardId: Number(first) }
        : { dashboardId: Number(first), dashcardId: Number(second) };
    const result = await preview.run<PreviewAnswer>(
      "/api/admin/preview",
      { method: "POST", body: { ...who, ...what } },
      {
        refresh: false,
        success: (body) =>
          body.refused ? undefined : `${body.result?.rows.length ?? 0} row(s) for this person.`,
      },
    );
    if (result?.ok) setAnswer(result.body);
  }

  return (
    <div style={{ display: "grid", gap: 12 }}>
      <form onSubmit={submit} style={{ display: "grid", gap: 12 }} data-testid="view-as-form">
        <RadioChoice
          legend="View as"
          name={`${ids}-mode`}
          value={mode}
          options={[
            { value: "attributes", label: "An attribute set" },
            { value: "user", label: "A user" },
          ]}
          onChange={setMode}
        />

        {mode === "user" ? (
          <div style={inlineFormStyle}>
            <label style={labelStyle}>
              Search users by email
              <input
                type="search"
                value={query}
                onChange={(event) => setQuery(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === "Enter") {
                    event.preventDefault();
                    void findUsers();
                  }
                }}
                style={fieldStyle}
                data-testid="view-as-user-search"
              />
            </label>
            <button
              type="button"
              onClick={findUsers}
              disabled={search.pending}
              style={secondaryButton}
            >
              {search.pending ? "Searching…" : "Search"}
            </button>
            {users && users.length > 0 ? (
              <label style={labelStyle}>
                User
                <select
                  value={userId}
                  onChange={(event) => setUserId(event.target.value)}
                  style={fieldStyle}
                  data-testid="view-as-user"
                >
                  {users.map((user) => (
                    <option key={user.id} value={user.id}>
                      {user.email}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <ActionMessage outcome={search.outcome} testId="view-as-search" />
          </div>
        ) : (
          <div style={{ display: "grid", gap: 8 }}>
            <label style={labelStyle}>
              Attributes (JSON, as the SSO token's claims)
              <input
                value={attributes}
                onChange={(event) => setAttributes(event.target.value)}
                spellCheck={false}
                style={{ ...fieldStyle, fontFamily: "monospace" }}
                data-testid="view-as-attributes"
              />
            </label>
            <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
              <legend style={{ fontWeight: 600, marginBottom: 4 }}>
                Groups (none ticked: the ones the attribute mappings give)
              </legend>
              <div style={{ display: "flex", gap: "4px 16px", flexWrap: "wrap" }}>
                {props.groups.map((group) => (
                  <label key={group.id} style={{ display: "flex", gap: 6, alignItems: "center" }}>
                    <input
                      type="checkbox"
                      checked={groupIds.has(group.id)}
                      onChange={() => setGroupIds((current) => toggled(current, group.id))}
                    />
                    {group.name}
                  </label>
                ))}
              </div>
            </fieldset>
          </div>
        )}

        <div style={inlineFormStyle}>
          <label style={labelStyle}>
            Question or dashboard card
            <select
              value={target}
              onChange={(event) => setTarget(event.target.value)}
              style={fieldStyle}
              data-testid="view-as-target"
            >
              {props.dashcards.length > 0 ? (
                <optgroup label="Dashboard cards">
                  {props.dashcards.map((dashcard) => (
                    <option
                      key={dashcard.dashcardId}
                      value={`dashcard:${dashcard.dashboardId}:${dashcard.dashcardId}`}
                    >
                      {dashcard.name}
                    </option>
                  ))}
                </optgroup>
              ) : null}
              {props.cards.length > 0 ? (
                <optgroup label="Questions">
                  {props.cards.map((card) => (
                    <option key={card.id} value={`card:${card.id}`}>
                      {card.name}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </select>
          </label>
          <button type="submit" disabled={preview.pending} style={primaryButton}>
            {preview.pending ? "Running…" : "View as"}
          </button>
          <ActionMessage outcome={preview.outcome} testId="view-as" />
        </div>
      </form>

      {answer ? <PreviewResult answer={answer} /> : null}
    </div>
  );
}

function PreviewResult({ answer }: { answer: PreviewAnswer }) {
  const who =
    answer.subject.email ??
    (Object.keys(answer.subject.attributes).length > 0
      ? JSON.stringify(answer.subject.attributes)
      : "an empty attribute set");
  const groups = answer.subject.groups.map((group) => group.name).join(", ") || "no group";
  const tables = Object.entries(answer.policy.tables);
  return (
    <div style={{ display: "grid", gap: 8 }} data-testid="view-as-result">
      <p style={{ margin: 0 }} data-testid="view-as-subject">
        As <strong>{who}</strong> — groups: {groups}
        {answer.subject.isAdmin ? " (an administrator: sees every table in full)" : ""}.
      </p>
      <div>
        <strong>Effective policy</strong>
        {tables.length === 0 ? (
          <p style={{ margin: 0 }} data-testid="view-as-policy">
            No table of this data source: this person reads nothing here.
          </p>
        ) : (
          <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="view-as-policy">
            {tables.map(([table, access]) => (
              <li key={table}>{describeAccess(table, access)}</li>
            ))}
          </ul>
        )}
      </div>
      {answer.refused ? (
        <p role="alert" style={{ margin: 0, color: "#b91c1c" }} data-testid="view-as-refused">
          Refused ({answer.refused.code}): {answer.refused.message}
        </p>
      ) : null}
      {answer.sql ? (
        <>
          <strong>SQL</strong>
          <pre style={sqlBlockStyle} data-testid="view-as-sql">
            {answer.sql}
          </pre>
          <strong>Bound parameters</strong>
          <BoundParameters parameters={answer.parameters} testId="view-as-parameters" />
        </>
      ) : null}
      {answer.result ? (
        <ResultTable
          columns={answer.result.columns.map((column) => column.name)}
          rows={answer.result.rows}
          caption={`Rows this person gets${answer.result.truncated ? " (truncated)" : ""}`}
          testId="view-as-rows"
        />
      ) : null}
    </div>
  );
}
