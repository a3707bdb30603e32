"use client";

import { type FormEvent, useState } from "react";
import { UpdateDataSourceSchema } from "~/shared/admin-schemas/data-sources";
import { ActionMessage } from "../_components/action-message";
import { fieldStyle, inlineFormStyle, labelStyle, primaryButton } from "../_components/styles";
import { useAdminAction } from "../_components/use-admin-action";

/**
 * Renames a data source and, for one reached by URL, replaces the URL (left empty: kept). The
 * server tests a new URL before storing it; its message shows beside the form.
 */
export function EditDataSourceForm(props: { id: number; name: string; hasUrl: boolean }) {
  const [name, setName] = useState(props.name);
  const [url, setUrl] = useState("");
  const { pending, outcome, run } = useAdminAction();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = {
      ...(name !== props.name ? { name } : {}),
      ...(url !== "" ? { url } : {}),
    };
    const result = await run<{ name: string }>(
      `/api/admin/data-sources/${props.id}`,
      { method: "PATCH", body },
      { schema: UpdateDataSourceSchema, success: (source) => `Saved "${source.name}".` },
    );
    if (result?.ok) setUrl("");
  }

  return (
    <details>
      <summary style={{ cursor: "pointer", color: "#1d4ed8" }}>Edit</summary>
      <form
        onSubmit={submit}
        data-testid={`edit-source-${props.id}`}
        style={{ ...inlineFormStyle, marginTop: 8 }}
      >
        <label style={labelStyle}>
          Name
          <input
            value={name}
            onChange={(event) => setName(event.target.value)}
            maxLength={100}
            style={fieldStyle}
          />
        </label>
        {props.hasUrl ? (
          <label style={labelStyle}>
            New connection URL (optional)
            <input
              value={url}
              onChange={(event) => setUrl(event.target.value)}
              placeholder="postgres://user:password@host:5432/db"
              autoComplete="off"
              spellCheck={false}
              style={fieldStyle}
            />
          </label>
        ) : null}
        <button type="submit" disabled={pending} style={primaryButton}>
          {pending ? "Saving…" : "Save"}
        </button>
        <ActionMessage outcome={outcome} testId={`edit-source-${props.id}`} />
      </form>
    </details>
  );
}
