"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionMessage } from "../_components/action-message";
import { callAdminApi } from "../_components/call-admin-api";

/** Deletes one attribute → group mapping, after asking. Existing memberships stay until the next login. */
export function DeleteMappingButton(props: { id: number; rule: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);

  async function remove() {
    if (!window.confirm(`Delete the mapping ${props.rule}? It stops applying at the next login.`))
      return;
    setPending(true);
    setOutcome(null);
    const result = await callAdminApi(`/api/admin/group-mappings/${props.id}`, {
      method: "DELETE",
    });
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
        aria-label={`Delete the mapping ${props.rule}`}
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
      <ActionMessage outcome={outcome} testId={`mapping-${props.id}`} />
    </div>
  );
}
