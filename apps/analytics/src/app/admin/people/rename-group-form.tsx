"use client";

import { type FormEvent, useState } from "react";
import { ActionMessage } from "../_components/action-message";
import { fieldStyle, inlineFormStyle, labelStyle, primaryButton } from "../_components/styles";
import { useAdminAction } from "../_components/use-admin-action";

/** Renames a group; the API's message (name taken, admin-only) shows beside the form. */
export function RenameGroupForm(props: { groups: { id: number; name: string }[] }) {
  const [groupId, setGroupId] = useState("");
  const [name, setName] = useState("");
  const { pending, outcome, run, refuse } = useAdminAction();

  async function rename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!groupId) return refuse("Choose the group to rename.");
    const result = await run<{ name: string }>(
      `/api/admin/groups/${groupId}`,
      { method: "PATCH", body: { name } },
      { success: (group) => `Renamed to "${group.name}".` },
    );
    if (result?.ok) {
      setName("");
      setGroupId("");
    }
  }

  return (
    <form onSubmit={rename} data-testid="rename-group" style={inlineFormStyle}>
      <label style={labelStyle}>
        Group to rename
        <select
          value={groupId}
          onChange={(event) => setGroupId(event.target.value)}
          style={fieldStyle}
        >
          <option value="">Choose a group</option>
          {props.groups.map((group) => (
            <option key={group.id} value={group.id}>
              {group.name}
            </option>
          ))}
        </select>
      </label>
      <label style={labelStyle}>
        New name
        <input value={name} onChange={(event) => setName(event.target.value)} style={fieldStyle} />
      </label>
      <button type="submit" disabled={pending} style={primaryButton}>
        {pending ? "Renaming…" : "Rename group"}
      </button>
      <ActionMessage outcome={outcome} testId="rename-group" />
    </form>
  );
}
