"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionMessage } from "../_components/action-message";
import { callAdminApi } from "../_components/call-admin-api";

/** Signs one user out everywhere, after asking; unlike deactivating, they may sign in again. */
export function RevokeSessionsButton(props: { id: number; email: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);

  async function revoke() {
    if (!window.confirm(`End every session of ${props.email}? They can sign in again.`)) return;
    setPending(true);
    setOutcome(null);
    const result = await callAdminApi<{ revokedSessions: number }>(
      `/api/admin/users/${props.id}/sessions`,
      { method: "DELETE" },
    );
    setPending(false);
    if (result.ok) {
      setOutcome({ ok: true, message: `${result.body.revokedSessions} session(s) ended.` });
      router.refresh();
    } else {
      setOutcome({ ok: false, message: result.message });
    }
  }

  return (
    <div style={{ display: "grid", gap: 4, justifyItems: "start" }}>
      <button
        type="button"
        onClick={revoke}
        disabled={pending}
        aria-label={`End sessions of ${props.email}`}
        style={{
          padding: "4px 10px",
          borderRadius: 6,
          border: "1px solid #1d4ed8",
          background: "#fff",
          color: "#1d4ed8",
          cursor: "pointer",
        }}
      >
        {pending ? "Ending…" : "End sessions"}
      </button>
      <ActionMessage outcome={outcome} testId={`user-${props.id}-sessions`} />
    </div>
  );
}
