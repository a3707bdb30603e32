"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ActionMessage } from "../_components/action-message";
import { callAdminApi } from "../_components/call-admin-api";
import { fieldStyle, primaryButton } from "./people-styles";

/** Creates a group by name; the API's message (e.g. the name is taken) shows beside the form. */
export function CreateGroupForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setOutcome(null);
    const result = await callAdminApi<{ name: string }>("/api/admin/groups", {
      method: "POST",
      body: { name },
    });
    setPending(false);
    if (result.ok) {
      setName("");
      setOutcome({ ok: true, message: `Created the group "${result.body.name}".` });
      router.refresh();
    } else {
      setOutcome({ ok: false, message: result.message });
    }
  }

  return (
    <form
      onSubmit={create}
      data-testid="create-group"
      style={{ display: "flex", gap: 8, alignItems: "end", flexWrap: "wrap" }}
    >
      <label style={{ display: "grid", gap: 4, fontWeight: 600 }}>
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
