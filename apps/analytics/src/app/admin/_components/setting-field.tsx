"use client";

import { type FormEvent, useState } from "react";
import { ActionMessage } from "./action-message";
import { useAdminAction } from "./use-admin-action";

export type SettingFieldName =
  | "idpUrl"
  | "jwksUrl"
  | "authorizedOrigins"
  | "sessionLengthMinutes"
  | "groupSync";

type Value = string | number | boolean | string[] | null;

/** The form's text for a setting's value, and back to what PATCH /api/admin/settings takes. */
function toText(name: SettingFieldName, value: Value): string {
  if (name === "authorizedOrigins") return ((value as string[]) ?? []).join("\n");
  return value === null || value === undefined ? "" : String(value);
}
function fromText(name: SettingFieldName, text: string): Value {
  if (name === "authorizedOrigins") {
    return text
      .split(/[\n,]/)
      .map((line) => line.trim())
      .filter(Boolean);
  }
  if (name === "sessionLengthMinutes") return text.trim() === "" ? Number.NaN : Number(text);
  if (name === "jwksUrl") return text.trim() === "" ? null : text.trim();
  return text.trim();
}

/** "Identity-provider URL" → "identity-provider URL"; an acronym ("JWKS URL") stays. */
function inSentence(label: string): string {
  return /^[A-Z][A-Z]/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

/** One setting: its value, where it comes from, saved on its own with the API's answer beside it. */
export function SettingField(props: {
  name: SettingFieldName;
  label: string;
  help: string;
  envVar?: string;
  source: string;
  value: Value;
}) {
  const [text, setText] = useState(toText(props.name, props.value));
  const [checked, setChecked] = useState(props.value === true);
  const { pending, outcome, run } = useAdminAction();
  const fromEnvironment = props.source === "environment";
  const id = `setting-${props.name}`;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = props.name === "groupSync" ? checked : fromText(props.name, text);
    const result = await run<{ settings: Record<string, Value> }>(
      "/api/admin/settings",
      { method: "PATCH", body: { [props.name]: value } },
      { success: () => "Saved." },
    );
    // Show what the server stored (origins are normalized, e.g. a trailing path dropped).
    if (result?.ok) setText(toText(props.name, result.body.settings[props.name] ?? null));
  }

  const inputStyle = {
    width: "100%",
    boxSizing: "border-box" as const,
    padding: "6px 8px",
    border: "1px solid #cbd5e1",
    borderRadius: 6,
    background: fromEnvironment ? "#f1f5f9" : "#fff",
  };
  const describedBy = `${id}-help ${id}-source`;

  return (
    <form id={props.name} onSubmit={save} style={{ display: "grid", gap: 4 }} data-testid={id}>
      {props.name === "groupSync" ? (
        <label
          htmlFor={id}
          style={{ display: "flex", gap: 6, alignItems: "center", fontWeight: 600 }}
        >
          <input
            id={id}
            type="checkbox"
            checked={checked}
            disabled={fromEnvironment}
            onChange={(event) => setChecked(event.target.checked)}
            aria-describedby={describedBy}
          />
          {props.label}
        </label>
      ) : (
        <label htmlFor={id} style={{ fontWeight: 600 }}>
          {props.label}
        </label>
      )}
      {props.name === "groupSync" ? null : props.name === "authorizedOrigins" ? (
        <textarea
          id={id}
          rows={3}
          value={text}
          readOnly={fromEnvironment}
          onChange={(event) => setText(event.target.value)}
          aria-describedby={describedBy}
          style={{ ...inputStyle, fontFamily: "monospace" }}
        />
      ) : (
        <input
          id={id}
          type={props.name === "sessionLengthMinutes" ? "number" : "text"}
          value={text}
          readOnly={fromEnvironment}
          onChange={(event) => setText(event.target.value)}
          aria-describedby={describedBy}
          style={inputStyle}
        />
      )}
      <span id={`${id}-help`} style={{ fontSize: 13, color: "#475569" }}>
        {props.help}
      </span>
      <span
        id={`${id}-source`}
        style={{ fontSize: 13, color: "#475569" }}
        data-testid={`${id}-source`}
      >
        {fromEnvironment
          ? `Set by the environment variable ${props.envVar ?? ""}: change it there.`
          : props.source === "database"
            ? "Set here."
            : "Default value."}
      </span>
      {fromEnvironment ? null : (
        <div style={{ display: "flex", gap: 8, alignItems: "center" }}>
          <button
            type="submit"
            disabled={pending}
            style={{
              padding: "6px 12px",
              borderRadius: 6,
              border: "1px solid #1d4ed8",
              background: "#1d4ed8",
              color: "#fff",
              cursor: "pointer",
            }}
          >
            {pending ? "Saving…" : `Save ${inSentence(props.label)}`}
          </button>
          <ActionMessage outcome={outcome} testId={id} />
        </div>
      )}
    </form>
  );
}
