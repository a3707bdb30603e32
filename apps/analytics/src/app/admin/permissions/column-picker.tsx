"use client";

import { type FormEvent, useState } from "react";
import { PutColumnPolicySchema } from "~/shared/admin-schemas/policies";
import { ActionMessage } from "../_components/action-message";
import { dangerButton, primaryButton } from "../_components/styles";
import { useAdminAction } from "../_components/use-admin-action";
import { toggled } from "./choices";

/**
 * The columns of a table a group may see. Saving stores a column policy (every other column is
 * absent from their results); "All columns" removes it.
 */
export function ColumnPicker(props: {
  groupId: number;
  groupName: string;
  tableId: number;
  tableName: string;
  columns: { id: number; name: string }[];
  /** null: no column policy, every column visible. */
  visibleColumnIds: number[] | null;
}) {
  const [checked, setChecked] = useState(
    () => new Set(props.visibleColumnIds ?? props.columns.map((column) => column.id)),
  );
  const save = useAdminAction();
  const reset = useAdminAction();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await save.run(
      "/api/admin/policies/column",
      {
        method: "PUT",
        body: { groupId: props.groupId, tableId: props.tableId, visibleColumnIds: [...checked] },
      },
      {
        schema: PutColumnPolicySchema,
        success: () => `Saved: ${checked.size} of ${props.columns.length} columns visible.`,
      },
    );
  }

  async function allColumns() {
    const result = await reset.run(
      `/api/admin/policies/column?groupId=${props.groupId}&tableId=${props.tableId}`,
      { method: "DELETE" },
      {
        confirm: `Let ${props.groupName} see every column of ${props.tableName}, including columns synced later?`,
        success: () => "Every column is visible again.",
      },
    );
    if (result?.ok) setChecked(new Set(props.columns.map((column) => column.id)));
  }

  return (
    <form onSubmit={submit} style={{ display: "grid", gap: 8 }} data-testid="column-picker">
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend style={{ fontWeight: 600, marginBottom: 4 }}>
          Columns {props.groupName} sees
          {props.visibleColumnIds === null ? " (no column policy: all of them)" : ""}
        </legend>
        <div style={{ display: "flex", gap: "4px 16px", flexWrap: "wrap" }}>
          {props.columns.map((column) => (
            <label key={column.id} style={{ display: "flex", gap: 6, alignItems: "center" }}>
              <input
                type="checkbox"
                checked={checked.has(column.id)}
                onChange={() => setChecked((current) => toggled(current, column.id))}
              />
              <span style={{ fontFamily: "monospace" }}>{column.name}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
        <button type="submit" disabled={save.pending} style={primaryButton}>
          {save.pending ? "Saving…" : "Save columns"}
        </button>
        <ActionMessage outcome={save.outcome} testId="column-policy" />
        {props.visibleColumnIds !== null ? (
          <button type="button" onClick={allColumns} disabled={reset.pending} style={dangerButton}>
            {reset.pending ? "Removing…" : "All columns"}
          </button>
        ) : null}
        {/* Outside the condition: the button goes once the policy is gone, its message stays. */}
        <ActionMessage outcome={reset.outcome} testId="column-policy-reset" />
      </div>
    </form>
  );
}
