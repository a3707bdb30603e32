"use client";

import { type FormEvent, useId, useState } from "react";
import { RenameGroupSchema } from "~/shared/admin-schemas/groups";
import { ActionMessage } from "../_components/action-message";
import { fieldStyle, inlineFormStyle, labelStyle, primaryButton } from "../_components/styles";
import { useAdminAction } from "../_components/use-admin-action";
import { GroupSelect } from "./group-select";

/** Renames a group; the API's message (name taken, admin-only) shows beside the form. */
export function RenameGroupForm(props: { groups: { id: number; name: string }[] }) {
  const [groupId, setGroupId] = useState("");
  const [name, setName] = useState("");
  const groupSelectId = useId();
  const { pending, outcome, run, refuse } = useAdminAction();

  async function rename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!groupId) return refuse("Choose the group to rename.");
    const result = await run<{ name: string }>(
      `/api/admin/groups/${groupId}`,
      { method: "PATCH", body: { name } },
      { schema: RenameGroupSchema, success: (group) => `Renamed to "${group.name}".` },
    );
    if (result?.ok) {
      setName("");
      setGroupId("");
    }
  }

  return (
    <form onSubmit={rename} data-testid="rename-group" style={inlineFormStyle}>
      <div style={labelStyle}>
        <label htmlFor={groupSelectId}>Group to rename</label>
        <GroupSelect
          id={groupSelectId}
          groups={props.groups}
          value={groupId}
          onChange={setGroupId}
        />
      </div>
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
