"use client";

import { type FormEvent, useId, useState } from "react";
import { AddGroupMemberSchema } from "~/shared/admin-schemas/groups";
import { ActionMessage } from "../_components/action-message";
import { inlineFormStyle, secondaryButton } from "../_components/styles";
import { useAdminAction } from "../_components/use-admin-action";
import { GroupSelect } from "./group-select";

/** Adds the user to a group by hand (a manual membership, which SSO logins leave alone). */
export function AddToGroupForm(props: {
  userId: number;
  email: string;
  groups: { id: number; name: string }[];
}) {
  const [groupId, setGroupId] = useState("");
  const { pending, outcome, run, refuse } = useAdminAction();
  const selectId = useId();

  if (props.groups.length === 0) return null;

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!groupId) {
      refuse("Choose a group first.");
      return;
    }
    const result = await run<{ group: { name: string } }>(
      `/api/admin/groups/${groupId}/members`,
      { method: "POST", body: { userId: props.userId } },
      { schema: AddGroupMemberSchema, success: (added) => `Added to ${added.group.name}.` },
    );
    if (result?.ok) setGroupId("");
  }

  return (
    <form
      onSubmit={add}
      style={{ ...inlineFormStyle, marginTop: 6 }}
      data-testid={`add-to-group-${props.userId}`}
    >
      <label htmlFor={selectId} style={VISUALLY_HIDDEN}>
        Group to add {props.email} to
      </label>
      <GroupSelect
        id={selectId}
        groups={props.groups}
        value={groupId}
        onChange={setGroupId}
        style={{ padding: "4px 6px" }}
      />
      <button type="submit" disabled={pending} style={secondaryButton}>
        {pending ? "Adding…" : "Add to group"}
      </button>
      <ActionMessage outcome={outcome} testId={`add-to-group-${props.userId}`} />
    </form>
  );
}

/** Read by screen readers, not shown: the row already says whose form this is. */
const VISUALLY_HIDDEN = {
  position: "absolute",
  width: 1,
  height: 1,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
} as const;
