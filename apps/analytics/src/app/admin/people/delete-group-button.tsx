"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionMessage } from "../_components/action-message";
import { callAdminApi } from "../_components/call-admin-api";

/** Deletes one group, after asking: its members lose what it granted. */
export function DeleteGroupButton(props: { id: number; name: string; memberCount: number }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);

  async function remove() {
    if (
      !window.confirm(
        `Delete the group "${props.name}"? Its ${props.memberCount} member(s) lose the data it grants, and its mappings and permissions are deleted with it.`,
      )
    )
      return;
    setPending(true);
    setOutcome(null);
    const result = await callAdminApi(`/api/admin/groups/${props.id}`, { method: "DELETE" });
    setPending(false);
    if (result.ok) router.refresh();
    else setOutcome({ ok: false, message: result.message });
  }

  return (
    <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
      <button
        type="button"
        onClick={remove}
        disabled={pending}
        aria-label={`Delete the group ${props.name}`}
        style={{
          padding: "4px 10px",
          borderRadius: 6,
          border: "1px solid #b91c1c",
          background: "#fff",
          color: "#b91c1c",
          cursor: "pointer",
        }}
      >
        {pending ? "Deleting…" : "Delete"}
      </button>
      <ActionMessage outcome={outcome} testId={`group-${props.id}`} />
    </div>
  );
}
