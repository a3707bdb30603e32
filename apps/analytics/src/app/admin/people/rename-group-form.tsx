"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ActionMessage } from "../_components/action-message";
import { callAdminApi } from "../_components/call-admin-api";
import { fieldStyle, primaryButton } from "./people-styles";

/** Renames a group; the API's message (name taken, admin-only) shows beside the form. */
export function RenameGroupForm(props: { groups: { id: number; name: string }[] }) {
  const router = useRouter();
  const [groupId, setGroupId] = useState("");
  const [name, setName] = useState("");
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);

  async function rename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!groupId) {
      setOutcome({ ok: false, message: "Choose the group to rename." });
      return;
    }
    setPending(true);
    setOutcome(null);
    const result = await callAdminApi<{ name: string }>(`/api/admin/groups/${groupId}`, {
      method: "PATCH",
      body: { name },
    });
    setPending(false);
    if (result.ok) {
      setName("");
      setGroupId("");
      setOutcome({ ok: true, message: `Renamed to "${result.body.name}".` });
      router.refresh();
    } else {
      setOutcome({ ok: false, message: result.message });
    }
  }

  return (
    <form
      onSubmit={rename}
      data-testid="rename-group"
      style={{ display: "flex", gap: 8, alignItems: "end", flexWrap: "wrap" }}
    >
      <label style={{ display: "grid", gap: 4, fontWeight: 600 }}>
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
      <label style={{ display: "grid", gap: 4, fontWeight: 600 }}>
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
