"use client";

import { type FormEvent, useState } from "react";
import { ActionMessage } from "./action-message";
import { useAdminAction } from "./use-admin-action";

interface SecretVersion {
  kid: string;
  status: string;
  isDevelopmentDefault: boolean;
  createdAt: string;
}

const SOURCE_TEXT: Record<string, string> = {
  environment: "set by an environment variable",
  database: "set here (stored encrypted)",
  development_default: "the published development secret — rotate in your own before going live",
  none: "not set — tokens are refused until you set one",
};

const button = {
  padding: "6px 12px",
  borderRadius: 6,
  border: "1px solid #1d4ed8",
  background: "#1d4ed8",
  color: "#fff",
  cursor: "pointer",
} as const;
const secondaryButton = { ...button, background: "#fff", color: "#1d4ed8" } as const;

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

/** One signing secret: where it comes from, its keys, rotate and retire. The value never shows. */
export function SecretPanel(props: {
  name: string;
  title: string;
  envVar: string;
  about: string;
  source: string;
  versions: SecretVersion[];
}) {
  const [value, setValue] = useState("");
  const [revokeSessions, setRevokeSessions] = useState(false);
  // Both buttons share one message; `action` says which of them is running.
  const [action, setAction] = useState<"rotate" | "retire" | null>(null);
  const { pending: calling, outcome, run } = useAdminAction();
  const pending = calling ? action : null;
  const live = props.versions.filter((version) => version.status !== "retired");
  const hasPrevious = props.versions.some((version) => version.status === "previous");
  const fromEnvironment = props.source === "environment";
  const id = props.name;

  async function rotate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAction("rotate");
    const result = await run<{ kid: string; revokedSessions: number }>(
      `/api/admin/settings/secrets/${props.name}`,
      { method: "POST", body: { value, revokeSessions } },
      {
        confirm: revokeSessions
          ? "Rotate and retire the old key at once? Tokens signed with it are refused immediately" +
            (props.name === "jwt_shared_secret"
              ? " and everyone signed in through SSO is signed out."
              : ".")
          : "Rotate? The old key keeps working as the previous key until you retire it.",
        success: (body) =>
          `Rotated: the current key is now ${body.kid}${
            revokeSessions ? `; ${body.revokedSessions} session(s) ended` : ""
          }.`,
      },
    );
    if (result?.ok) {
      setValue("");
      setRevokeSessions(false);
    }
  }

  function retire() {
    setAction("retire");
    return run(
      `/api/admin/settings/secrets/${props.name}/previous`,
      { method: "DELETE" },
      {
        confirm: "Retire the previous key? Tokens signed with it are refused from now on.",
        success: () => "Retired the previous key.",
      },
    );
  }

  return (
    <section
      id={id}
      aria-labelledby={`${id}-title`}
      data-testid={`secret-${id}`}
      style={{
        background: "#fff",
        border: "1px solid #e2e8f0",
        borderRadius: 8,
        padding: "12px 16px",
        display: "grid",
        gap: 8,
      }}
    >
      <h2 id={`${id}-title`} style={{ fontSize: 16, margin: 0 }}>
        {props.title}
      </h2>
      <p style={{ margin: 0, color: "#475569" }}>{props.about}</p>
      <p style={{ margin: 0 }}>
        Status:{" "}
        <strong data-testid={`secret-${id}-source`}>
          {SOURCE_TEXT[props.source] ?? props.source}
        </strong>
        {fromEnvironment ? (
          <>
            {" "}
            (<code>{props.envVar}</code>): rotate it there, keeping the old value until hosts
            switch.
          </>
        ) : null}
      </p>
      {live.length > 0 ? (
        <ul style={{ margin: 0, paddingLeft: 18 }} data-testid={`secret-${id}-keys`}>
          {live.map((version) => (
            <li key={version.kid}>
              <code>{version.kid}</code> — {version.status}
              {version.isDevelopmentDefault ? " (development default)" : ""}, since{" "}
              {version.createdAt.slice(0, 10)}
            </li>
          ))}
        </ul>
      ) : null}
      {fromEnvironment ? null : (
        <form onSubmit={rotate} style={{ display: "grid", gap: 8 }}>
          <label htmlFor={`${id}-value`} style={{ fontWeight: 600 }}>
            New secret (at least 32 characters; give the host the same value)
          </label>
          <div style={{ display: "flex", gap: 8, flexWrap: "wrap" }}>
            <input
              id={`${id}-value`}
              value={value}
              onChange={(event) => setValue(event.target.value)}
              autoComplete="off"
              spellCheck={false}
              style={{
                flex: "1 1 320px",
                padding: "6px 8px",
                border: "1px solid #cbd5e1",
                borderRadius: 6,
                fontFamily: "monospace",
              }}
            />
            <button type="button" style={secondaryButton} onClick={() => setValue(randomSecret())}>
              Generate
            </button>
          </div>
          <label style={{ display: "flex", gap: 6, alignItems: "center" }}>
            <input
              type="checkbox"
              checked={revokeSessions}
              onChange={(event) => setRevokeSessions(event.target.checked)}
            />
            The old secret may have leaked: retire it at once
            {props.name === "jwt_shared_secret" ? " and sign everyone out" : ""}
          </label>
          <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
            <button type="submit" style={button} disabled={pending !== null}>
              {pending === "rotate" ? "Rotating…" : "Rotate"}
            </button>
            {hasPrevious ? (
              <button
                type="button"
                style={secondaryButton}
                disabled={pending !== null}
                onClick={retire}
              >
                {pending === "retire" ? "Retiring…" : "Retire the previous key"}
              </button>
            ) : null}
            <ActionMessage outcome={outcome} testId={`secret-${id}`} />
          </div>
        </form>
      )}
    </section>
  );
}
