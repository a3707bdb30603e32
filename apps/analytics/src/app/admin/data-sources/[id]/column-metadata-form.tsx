"use client";

import { type FormEvent, useState } from "react";
import { UpdateColumnSchema } from "~/shared/admin-schemas/data-sources";
import { ActionMessage } from "../../_components/action-message";
import { fieldStyle, inlineFormStyle, labelStyle, secondaryButton } from "../../_components/styles";
import { useAdminAction } from "../../_components/use-admin-action";

/** A synced column's display name, semantic type and visibility, saved with its outcome. */
export function ColumnMetadataForm(props: {
  id: number;
  table: string;
  name: string;
  databaseType: string;
  displayName: string;
  semanticType: string;
  visible: boolean;
  semanticTypes: readonly string[];
}) {
  const [displayName, setDisplayName] = useState(props.displayName);
  const [semanticType, setSemanticType] = useState(props.semanticType);
  const [visible, setVisible] = useState(props.visible);
  const { pending, outcome, run } = useAdminAction();
  const key = `${props.table}.${props.name}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await run(
      `/api/admin/columns/${props.id}`,
      { method: "PATCH", body: { displayName, semanticType, visible } },
      { schema: UpdateColumnSchema, success: () => `Saved ${key}.` },
    );
  }

  return (
    <form
      onSubmit={submit}
      data-testid={`column-form-${key}`}
      style={{ ...inlineFormStyle, padding: "8px 0", borderBottom: "1px solid #e2e8f0" }}
    >
      <div style={{ minWidth: 120, alignSelf: "center" }}>
        <code>{props.name}</code>
        <div style={{ color: "#475569", fontSize: 12 }}>{props.databaseType}</div>
      </div>
      <label style={labelStyle}>
        Display name
        <input
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
          maxLength={200}
          aria-label={`Display name of ${key}`}
          style={fieldStyle}
        />
      </label>
      <label style={labelStyle}>
        Semantic type
        <select
          value={semanticType}
          onChange={(event) => setSemanticType(event.target.value)}
          aria-label={`Semantic type of ${key}`}
          style={fieldStyle}
        >
          {props.semanticTypes.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </label>
      <label style={{ display: "flex", gap: 6, alignItems: "center", paddingBottom: 6 }}>
        <input
          type="checkbox"
          checked={visible}
          onChange={(event) => setVisible(event.target.checked)}
          aria-label={`${key} visible`}
        />
        Visible
      </label>
      <button
        type="submit"
        disabled={pending}
        style={secondaryButton}
        aria-label={`Save column ${key}`}
      >
        {pending ? "Saving…" : "Save"}
      </button>
      <ActionMessage outcome={outcome} testId={`column-form-${key}`} />
    </form>
  );
}
