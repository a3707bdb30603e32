"use client";

import { type FormEvent, useId, useState } from "react";
import { CreateGroupMappingSchema } from "~/shared/admin-schemas/groups";
import { ActionMessage } from "../_components/action-message";
import { fieldStyle, inlineFormStyle, labelStyle, primaryButton } from "../_components/styles";
import { useAdminAction } from "../_components/use-admin-action";
import { GroupSelect } from "./group-select";

/** Adds `attribute = value → group`; it applies at each user's next SSO login. */
export function GroupMappingForm(props: { groups: { id: number; name: string }[] }) {
  const [attribute, setAttribute] = useState("");
  const [value, setValue] = useState("");
  const [groupId, setGroupId] = useState("");
  const groupSelectId = useId();
  const { pending, outcome, run } = useAdminAction();

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run<{ attribute: string; value: string; group: { name: string } }>(
      "/api/admin/group-mappings",
      { method: "POST", body: { attribute, value, groupId: Number(groupId) } },
      {
        schema: CreateGroupMappingSchema,
        success: (added) => `Added: ${added.attribute} = ${added.value} → ${added.group.name}.`,
      },
    );
    if (result?.ok) {
      setAttribute("");
      setValue("");
    }
  }

  return (
    <form onSubmit={add} data-testid="add-mapping" style={inlineFormStyle}>
      <label style={labelStyle}>
        Attribute
        <input
          value={attribute}
          onChange={(event) => setAttribute(event.target.value)}
          placeholder="role"
          style={fieldStyle}
        />
      </label>
      <label style={labelStyle}>
        Value
        <input
          value={value}
          onChange={(event) => setValue(event.target.value)}
          placeholder="analyst"
          style={fieldStyle}
        />
      </label>
      <div style={labelStyle}>
        <label htmlFor={groupSelectId}>Group</label>
        <GroupSelect
          id={groupSelectId}
          groups={props.groups}
          value={groupId}
          onChange={setGroupId}
        />
      </div>
      <button type="submit" disabled={pending} style={primaryButton}>
        {pending ? "Adding…" : "Add mapping"}
      </button>
      <ActionMessage outcome={outcome} testId="add-mapping" />
    </form>
  );
}
