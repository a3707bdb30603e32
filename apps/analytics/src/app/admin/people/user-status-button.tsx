"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionMessage } from "../_components/action-message";
import { callAdminApi } from "../_components/call-admin-api";

/** Deactivate (which ends every session of theirs) or reactivate one user, after asking. */
export function UserStatusButton(props: { id: number; email: string; isActive: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  const deactivate = props.isActive;

  async function toggle() {
    const question = deactivate
      ? `Deactivate ${props.email}? Their sessions end now and they cannot sign in until reactivated.`
      : `Reactivate ${props.email}? They can sign in again.`;
    if (!window.confirm(question)) return;
    setPending(true);
    setOutcome(null);
    const result = await callAdminApi<{ revokedSessions: number }>(`/api/admin/users/${props.id}`, {
      method: "PATCH",
      body: { isActive: !deactivate },
    });
    setPending(false);
    if (result.ok) {
      setOutcome({
        ok: true,
        message: deactivate
          ? `Deactivated; ${result.body.revokedSessions} session(s) ended.`
          : "Reactivated.",
      });
      router.refresh();
    } else {
      setOutcome({ ok: false, message: result.message });
    }
  }

  return (
    <div style={{ display: "grid", gap: 4, justifyItems: "start" }}>
      <button
        type="button"
        onClick={toggle}
        disabled={pending}
        aria-label={`${deactivate ? "Deactivate" : "Reactivate"} ${props.email}`}
        style={{
          padding: "4px 10px",
          borderRadius: 6,
          border: `1px solid ${deactivate ? "#b91c1c" : "#1d4ed8"}`,
          background: "#fff",
          color: deactivate ? "#b91c1c" : "#1d4ed8",
          cursor: "pointer",
        }}
      >
        {pending ? "Saving…" : deactivate ? "Deactivate" : "Reactivate"}
      </button>
      <ActionMessage outcome={outcome} testId={`user-${props.id}`} />
    </div>
  );
}
