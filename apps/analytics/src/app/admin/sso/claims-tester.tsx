"use client";

import { type FormEvent, useId, useState } from "react";
import type { ClaimsTestResult, TableAccessExplained } from "~/server/admin/claims-tester";
import { ActionMessage } from "../_components/action-message";
import {
  cellStyle,
  fieldStyle,
  inlineFormStyle,
  labelStyle,
  primaryButton,
  secondaryButton,
  tableStyle,
} from "../_components/styles";
import { useAdminAction } from "../_components/use-admin-action";

const cell = cellStyle;
const mono = { fontFamily: "monospace", fontSize: 13 } as const;

interface Composed {
  email: string;
  firstName: string;
  lastName: string;
  role: string;
  primaryId: string;
  groups: string;
  /** `id`: the row's React key, since rows can be removed from the middle. */
  extra: Array<{ id: number; name: string; value: string }>;
}

const EMPTY: Composed = {
  email: "",
  firstName: "",
  lastName: "",
  role: "",
  primaryId: "",
  groups: "",
  extra: [],
};

/** A typed value as a token would carry it: 999 a number, true a boolean, ["a"] a list, else text. */
function claimValue(text: string): unknown {
  const trimmed = text.trim();
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (["number", "boolean"].includes(typeof parsed) || Array.isArray(parsed)) return parsed;
  } catch {
    // Not JSON: plain text.
  }
  return trimmed;
}

function toClaims(composed: Composed): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  if (composed.email.trim()) claims.email = composed.email.trim();
  if (composed.firstName.trim()) claims.first_name = composed.firstName.trim();
  if (composed.lastName.trim()) claims.last_name = composed.lastName.trim();
  if (composed.role.trim()) claims.role = claimValue(composed.role);
  if (composed.primaryId.trim()) claims.primary_id = claimValue(composed.primaryId);
  const groups = composed.groups
    .split(",")
    .map((group) => group.trim())
    .filter(Boolean);
  if (groups.length > 0) claims.groups = groups;
  for (const row of composed.extra) {
    if (row.name.trim()) claims[row.name.trim()] = claimValue(row.value);
  }
  return claims;
}

/** React keys for rendered values that may repeat (two groups bringing the same filter). */
export function occurrenceKeys(values: string[]): string[] {
  const seen = new Map<string, number>();
  return values.map((value) => {
    const count = seen.get(value) ?? 0;
    seen.set(value, count + 1);
    return `${value}#${count}`;
  });
}

function show(value: unknown): string {
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}

function AccessCell({ access }: { access: TableAccessExplained }) {
  if (access.level === "none") return <span>None: the table does not exist for them</span>;
  if (access.level === "full") return <span>Full</span>;
  const keys = occurrenceKeys(access.filters.map((filter) => JSON.stringify(filter)));
  return (
    <div style={{ display: "grid", gap: 4 }}>
      <span>Sandboxed</span>
      {access.filters.map((filter, index) =>
        filter.kind === "column_attribute" ? (
          <span key={keys[index]} style={mono}>
            {filter.column} = {filter.missing.length > 0 ? "(missing)" : show(filter.value)}
            {filter.attribute ? ` ← ${filter.attribute}` : ""}
          </span>
        ) : (
          <span key={keys[index]} style={mono}>
            SQL view: {filter.sql}
            {filter.bound.length > 0
              ? ` with ${filter.bound.map((entry) => `${entry.name} = ${entry.value === null ? "(missing)" : show(entry.value)}`).join(", ")}`
              : ""}
          </span>
        ),
      )}
      {access.noRows ? (
        <strong style={{ color: "#b91c1c" }} data-testid="claims-no-rows">
          {access.noRows}
        </strong>
      ) : null}
      {access.hiddenColumns.length > 0 ? (
        <span style={{ color: "#475569" }}>Hidden columns: {access.hiddenColumns.join(", ")}</span>
      ) : null}
    </div>
  );
}

function ClaimsResult({ result }: { result: ClaimsTestResult }) {
  return (
    <div style={{ display: "grid", gap: 12 }} data-testid="claims-result">
      <p style={{ margin: 0 }}>
        For <strong>{result.identity.email}</strong>
        {result.existingUserId !== null
          ? " (an existing user: their manual groups are kept)"
          : " (no such user yet)"}
        . Nothing was saved: no user, session or audit event.
      </p>
      {result.refusal ? (
        <p role="alert" style={{ margin: 0, color: "#b91c1c" }} data-testid="claims-refusal">
          {result.refusal.message} ({result.refusal.code})
        </p>
      ) : null}

      <div style={{ display: "grid", gap: 4 }}>
        <h3 style={{ fontSize: 15, margin: 0 }}>Groups</h3>
        {result.groups.length === 0 ? (
          <p style={{ margin: 0, color: "#475569" }} data-testid="claims-groups-empty">
            No group: no mapping matches these claims, so they would see no table.
          </p>
        ) : (
          <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="claims-groups">
            {result.groups.map((group) => (
              <li key={group.id} data-testid={`claims-group-${group.name}`}>
                <strong>{group.name}</strong> —{" "}
                {group.reasons
                  .map((reason) =>
                    reason.source === "mapping"
                      ? `mapping ${reason.mapping.attribute} = ${reason.mapping.value}`
                      : reason.source === "sso_groups_claim"
                        ? "the token's groups claim (group sync is on)"
                        : "a manual membership of the existing user",
                  )
                  .join("; ")}
              </li>
            ))}
          </ul>
        )}
        {result.groupsClaim.sent && !result.groupsClaim.honoured ? (
          <p style={{ margin: 0, color: "#475569" }}>
            The groups claim ({result.groupsClaim.sent.join(", ") || "empty"}) is ignored: group
            sync is off.
          </p>
        ) : null}
        <p style={{ margin: 0, color: "#475569" }}>Admin-only groups are never granted by SSO.</p>
      </div>

      <div style={{ display: "grid", gap: 4 }}>
        <h3 style={{ fontSize: 15, margin: 0 }}>Tenant attributes the policies read</h3>
        <p style={{ margin: 0, color: "#475569" }}>
          Tenants are not separate records yet: a person's tenant is what these attributes say.
        </p>
        {result.policyAttributes.length === 0 ? (
          <p style={{ margin: 0, color: "#475569" }}>No row policy of these groups reads one.</p>
        ) : (
          <ul style={{ margin: 0, paddingLeft: 20 }} data-testid="claims-attributes">
            {result.policyAttributes.map((attribute) => (
              <li key={attribute.name} style={mono}>
                {attribute.name} ={" "}
                {attribute.present ? (
                  show(attribute.value)
                ) : (
                  <strong style={{ color: "#b91c1c" }}>missing</strong>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>

      {result.dataSources.map((source) => (
        <div key={source.id} style={{ display: "grid", gap: 4 }}>
          <h3 style={{ fontSize: 15, margin: 0 }}>Access to {source.name}</h3>
          {source.tables.length === 0 ? (
            <p style={{ margin: 0, color: "#475569" }}>This data source has no synced table.</p>
          ) : (
            <div style={{ overflowX: "auto" }}>
              <table style={tableStyle} data-testid="claims-tables">
                <thead>
                  <tr>
                    <th scope="col" style={cell}>
                      Table
                    </th>
                    <th scope="col" style={cell}>
                      Access, row filter and columns
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {source.tables.map((table) => (
                    <tr key={table.name} data-testid={`claims-table-${table.name}`}>
                      <td style={{ ...cell, ...mono }}>{table.name}</td>
                      <td style={cell}>
                        <AccessCell access={table.access} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      ))}
    </div>
  );
}

/**
 * The claims tester: compose claims (or paste a token's JSON payload) and see what an SSO login
 * with them would get, computed by the login's and the query path's own functions.
 */
export function ClaimsTester() {
  const [composed, setComposed] = useState<Composed>(EMPTY);
  const [json, setJson] = useState("");
  const [result, setResult] = useState<ClaimsTestResult | null>(null);
  const { pending, outcome, run, refuse } = useAdminAction();
  const jsonId = useId();

  function compose(next: Composed) {
    setComposed(next);
    setJson(JSON.stringify(toClaims(next), null, 2));
  }
  const field = (key: keyof Omit<Composed, "extra">, label: string, placeholder: string) => (
    <label style={labelStyle}>
      {label}
      <input
        value={composed[key]}
        onChange={(event) => compose({ ...composed, [key]: event.target.value })}
        placeholder={placeholder}
        style={fieldStyle}
      />
    </label>
  );

  async function test(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setResult(null);
    let claims: unknown;
    try {
      claims = JSON.parse(json || "{}");
    } catch (error) {
      refuse(`The claims are not valid JSON: ${(error as Error).message}`);
      return;
    }
    const answer = await run<ClaimsTestResult>(
      "/api/admin/sso/claims-test",
      { method: "POST", body: { claims } },
      { refresh: false },
    );
    if (answer?.ok) setResult(answer.body);
  }

  return (
    <div style={{ display: "grid", gap: 12 }}>
      <form onSubmit={test} style={{ display: "grid", gap: 12 }} data-testid="claims-test">
        <fieldset style={{ border: "1px solid #e2e8f0", borderRadius: 6, display: "grid", gap: 8 }}>
          <legend style={{ fontWeight: 600 }}>Compose claims</legend>
          <div style={inlineFormStyle}>
            {field("email", "Email", "ana@example.com")}
            {field("firstName", "First name", "Ana")}
            {field("lastName", "Last name", "Lima")}
            {field("role", "role", "tenant")}
            {field("primaryId", "primary_id", "999")}
            {field("groups", "groups (comma-separated)", "Analysts, Sales")}
          </div>
          {composed.extra.map((row, index) => (
            <div key={row.id} style={inlineFormStyle}>
              {(["name", "value"] as const).map((part) => (
                <label key={part} style={labelStyle}>
                  {part === "name" ? "Attribute name" : "Value"}
                  <input
                    value={row[part]}
                    onChange={(event) =>
                      compose({
                        ...composed,
                        extra: composed.extra.map((r, i) =>
                          i === index ? { ...r, [part]: event.target.value } : r,
                        ),
                      })
                    }
                    style={fieldStyle}
                  />
                </label>
              ))}
              <button
                type="button"
                onClick={() =>
                  compose({ ...composed, extra: composed.extra.filter((_, i) => i !== index) })
                }
                aria-label={`Remove the attribute row ${row.name || index + 1}`}
                style={secondaryButton}
              >
                Remove
              </button>
            </div>
          ))}
          <div>
            <button
              type="button"
              onClick={() =>
                compose({
                  ...composed,
                  extra: [
                    ...composed.extra,
                    {
                      id: Math.max(0, ...composed.extra.map((r) => r.id)) + 1,
                      name: "",
                      value: "",
                    },
                  ],
                })
              }
              style={secondaryButton}
            >
              Add an attribute
            </button>
          </div>
          <p style={{ margin: 0, color: "#475569", fontSize: 13 }}>
            Values are read as a token carries them: 999 is a number, true a boolean, ["a","b"] a
            list, anything else text.
          </p>
        </fieldset>
        <div style={labelStyle}>
          {/* Not wrapping the textarea: its JSON would become part of its own name. */}
          <label htmlFor={jsonId}>Claims (JSON) — composed above, or paste a token's payload</label>
          <textarea
            id={jsonId}
            value={json}
            onChange={(event) => setJson(event.target.value)}
            rows={6}
            spellCheck={false}
            placeholder='{"email": "ana@example.com", "role": "tenant", "primary_id": 999}'
            style={{ ...fieldStyle, ...mono, width: "100%", boxSizing: "border-box" }}
          />
        </div>
        <div style={inlineFormStyle}>
          <button type="submit" disabled={pending} style={primaryButton}>
            {pending ? "Testing…" : "Test these claims"}
          </button>
          <ActionMessage outcome={outcome} testId="claims-test" />
        </div>
      </form>
      {result ? <ClaimsResult result={result} /> : null}
    </div>
  );
}
