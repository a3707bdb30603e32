"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ActionMessage } from "../_components/action-message";
import { callAdminApi } from "../_components/call-admin-api";
import { fieldStyle, primaryButton } from "./people-styles";

/** Adds `attribute = value → group`; it applies at each user's next SSO login. */
export function GroupMappingForm(props: { groups: { id: number; name: string }[] }) {
  const router = useRouter();
  const [attribute, setAttribute] = useState("");
  const [value, setValue] = useState("");
  const [groupId, setGroupId] = useState("");
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setOutcome(null);
    const result = await callAdminApi<{
      attribute: string;
      value: string;
      group: { name: string };
    }>("/api/admin/group-mappings", {
      method: "POST",
      body: { attribute, value, groupId: Number(groupId) },
    });
    setPending(false);
    if (result.ok) {
      setAttribute("");
      setValue("");
      setOutcome({
        ok: true,
        message: `Added: ${result.body.attribute} = ${result.body.value} → ${result.body.group.name}.`,
      });
      router.refresh();
    } else {
      setOutcome({ ok: false, message: result.message });
    }
  }

  return (
    <form
      onSubmit={add}
      data-testid="add-mapping"
      style={{ display: "flex", gap: 8, alignItems: "end", flexWrap: "wrap" }}
    >
      <label style={{ display: "grid", gap: 4, fontWeight: 600 }}>
        Attribute
        <input
          value={attribute}
          onChange={(event) => setAttribute(event.target.value)}
          placeholder="role"
          style={fieldStyle}
        />
      </label>
      <label style={{ display: "grid", gap: 4, fontWeight: 600 }}>
        Value
        <input
          value={value}
          onChange={(event) => setValue(event.target.value)}
          placeholder="analyst"
          style={fieldStyle}
        />
      </label>
      <label style={{ display: "grid", gap: 4, fontWeight: 600 }}>
        Group
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
      <button type="submit" disabled={pending} style={primaryButton}>
        {pending ? "Adding…" : "Add mapping"}
      </button>
      <ActionMessage outcome={outcome} testId="add-mapping" />
    </form>
  );
}
