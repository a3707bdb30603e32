"use client";

import { type FormEvent, useState } from "react";
import type { JwksCheckResult } from "~/server/admin/jwks-check";
import { ActionMessage } from "../_components/action-message";
import {
  cellStyle,
  fieldStyle,
  inlineFormStyle,
  labelStyle,
  secondaryButton,
  tableStyle,
} from "../_components/styles";
import { useAdminAction } from "../_components/use-admin-action";
import { occurrenceKeys } from "./claims-tester";

const cell = { ...cellStyle, fontFamily: "monospace", fontSize: 13 } as const;

/**
 * "Fetch and list keys": fetches the JWKS as a login would (the URL typed here, else the saved
 * one) and lists its keys, or shows why it is unusable. Saves nothing.
 */
export function JwksCheck(props: { configuredUrl: string | null }) {
  const [url, setUrl] = useState("");
  const [result, setResult] = useState<JwksCheckResult | null>(null);
  const { pending, outcome, run } = useAdminAction();

  async function check(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setResult(null);
    const answer = await run<JwksCheckResult>(
      "/api/admin/settings/jwks-check",
      { method: "POST", body: url.trim() ? { url: url.trim() } : {} },
      {
        refresh: false,
        success: (body) =>
          body.keys.length === 0
            ? "Fetched, but the key set is empty: every RS256/ES256 token would be refused."
            : `Fetched ${body.keys.length} key${body.keys.length === 1 ? "" : "s"}.`,
      },
    );
    if (answer?.ok) setResult(answer.body);
  }

  const rowKeys = occurrenceKeys((result?.keys ?? []).map((key) => JSON.stringify(key)));

  return (
    <div style={{ display: "grid", gap: 8 }} data-testid="jwks-check">
      <form onSubmit={check} style={inlineFormStyle}>
        <label style={{ ...labelStyle, flex: "1 1 280px" }}>
          JWKS URL to check
          <input
            type="url"
            value={url}
            onChange={(event) => setUrl(event.target.value)}
            placeholder={props.configuredUrl ?? "https://idp.example.com/.well-known/jwks.json"}
            style={fieldStyle}
            aria-describedby="jwks-check-help"
          />
        </label>
        <button type="submit" disabled={pending} style={secondaryButton}>
          {pending ? "Fetching…" : "Fetch and list keys"}
        </button>
        <ActionMessage outcome={outcome} testId="jwks-check" />
      </form>
      <p id="jwks-check-help" style={{ margin: 0, color: "#475569", fontSize: 13 }}>
        Empty: checks the saved JWKS URL
        {props.configuredUrl ? ` (${props.configuredUrl})` : " (none is saved yet)"}. Fetched the
        way a login fetches it: 5 s at most, no redirects, nothing saved.
      </p>
      {result && result.keys.length > 0 ? (
        <div style={{ overflowX: "auto" }}>
          <table style={tableStyle} data-testid="jwks-keys">
            <caption style={{ textAlign: "left", color: "#475569", padding: "4px 0" }}>
              Keys at {result.url}, fetched {result.fetchedAt.slice(11, 19)} UTC
            </caption>
            <thead>
              <tr>
                {["Key id (kid)", "Type", "Algorithm", "Use", "Curve"].map((title) => (
                  <th key={title} scope="col" style={{ ...cell, fontFamily: "inherit" }}>
                    {title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.keys.map((key, index) => (
                <tr key={rowKeys[index]} data-testid={`jwks-key-${key.kid ?? index}`}>
                  <td style={cell}>{key.kid ?? "(none)"}</td>
                  <td style={cell}>{key.kty}</td>
                  <td style={cell}>{key.alg ?? "—"}</td>
                  <td style={cell}>{key.use ?? "—"}</td>
                  <td style={cell}>{key.crv ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
