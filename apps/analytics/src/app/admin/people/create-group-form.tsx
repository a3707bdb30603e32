"use client";

import { type FormEvent, useState } from "react";
import { CreateGroupSchema } from "~/shared/admin-schemas/groups";
import { ActionMessage } from "../_components/action-message";
import { fieldStyle, inlineFormStyle, labelStyle, primaryButton } from "../_components/styles";
import { useAdminAction } from "../_components/use-admin-action";

/** Creates a group by name; the API's message (e.g. the name is taken) shows beside the form. */
export function CreateGroupForm() {
  const [name, setName] = useState("");
  const { pending, outcome, run } = useAdminAction();

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run<{ name: string }>(
      "/api/admin/groups",
      { method: "POST", body: { name } },
      { schema: CreateGroupSchema, success: (group) => `Created the group "${group.name}".` },
    );
    if (result?.ok) setName("");
  }

  return (
    <form onSubmit={create} data-testid="create-group" style={inlineFormStyle}>
      <label style={labelStyle}>
        New group name
        <input value={name} onChange={(event) => setName(event.target.value)} style={fieldStyle} />
      </label>
      <button type="submit" disabled={pending} style={primaryButton}>
        {pending ? "Creating…" : "Create group"}
      </button>
      <ActionMessage outcome={outcome} testId="create-group" />
    </form>
  );
}
