"use client";

import { ActionMessage } from "../_components/action-message";
import { secondaryButton } from "../_components/styles";
import { useAdminAction } from "../_components/use-admin-action";

/** Signs one user out everywhere, after asking; unlike deactivating, they may sign in again. */
export function RevokeSessionsButton(props: { id: number; email: string }) {
  const { pending, outcome, run } = useAdminAction();

  const revoke = () =>
    run<{ revokedSessions: number }>(
      `/api/admin/users/${props.id}/sessions`,
      { method: "DELETE" },
      {
        confirm: `End every session of ${props.email}? They can sign in again.`,
        success: (body) => `${body.revokedSessions} session(s) ended.`,
      },
    );

  return (
    <div style={{ display: "grid", gap: 4, justifyItems: "start" }}>
      <button
        type="button"
        onClick={revoke}
        disabled={pending}
        aria-label={`End sessions of ${props.email}`}
        style={secondaryButton}
      >
        {pending ? "Ending…" : "End sessions"}
      </button>
      <ActionMessage outcome={outcome} testId={`user-${props.id}-sessions`} />
    </div>
  );
}
