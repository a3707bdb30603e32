"use client";

import { type FormEvent, useState } from "react";
import { UpdateTableSchema } from "~/shared/admin-schemas/data-sources";
import { ActionMessage } from "../../_components/action-message";
import { fieldStyle, inlineFormStyle, labelStyle, primaryButton } from "../../_components/styles";
import { useAdminAction } from "../../_components/use-admin-action";

/** A synced table's display name, description and visibility, saved with its outcome. */
export function TableMetadataForm(props: {
  id: number;
  name: string;
  displayName: string;
  description: string | null;
  hiddenByAdmin: boolean;
}) {
  const [displayName, setDisplayName] = useState(props.displayName);
  const [description, setDescription] = useState(props.description ?? "");
  const [visible, setVisible] = useState(!props.hiddenByAdmin);
  const { pending, outcome, run } = useAdminAction();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await run(
      `/api/admin/tables/${props.id}`,
      {
        method: "PATCH",
        body: { displayName, description: description === "" ? null : description, visible },
      },
      { schema: UpdateTableSchema, success: () => `Saved the table ${props.name}.` },
    );
  }

  return (
    <form onSubmit={submit} data-testid={`table-form-${props.name}`} style={inlineFormStyle}>
      <label style={labelStyle}>
        Display name
        <input
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
          maxLength={200}
          style={fieldStyle}
        />
      </label>
      <label style={{ ...labelStyle, flex: "1 1 220px" }}>
        Description
        <input
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          maxLength={2000}
          style={fieldStyle}
        />
      </label>
      <label style={{ display: "flex", gap: 6, alignItems: "center", paddingBottom: 6 }}>
        <input
          type="checkbox"
          checked={visible}
          onChange={(event) => setVisible(event.target.checked)}
        />
        Visible
      </label>
      <button
        type="submit"
        disabled={pending}
        style={primaryButton}
        aria-label={`Save table ${props.name}`}
      >
        {pending ? "Saving…" : "Save"}
      </button>
      <ActionMessage outcome={outcome} testId={`table-form-${props.name}`} />
    </form>
  );
}
