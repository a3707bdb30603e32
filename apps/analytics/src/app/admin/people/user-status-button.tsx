"use client";

import { ActionMessage } from "../_components/action-message";
import { dangerButton, secondaryButton } from "../_components/styles";
import { useAdminAction } from "../_components/use-admin-action";

/** Deactivate (which ends every session of theirs) or reactivate one user, after asking. */
export function UserStatusButton(props: { id: number; email: string; isActive: boolean }) {
  const { pending, outcome, run } = useAdminAction();
  const deactivate = props.isActive;

  const toggle = () =>
    run<{ revokedSessions: number }>(
      `/api/admin/users/${props.id}`,
      { method: "PATCH", body: { isActive: !deactivate } },
      {
        confirm: deactivate
          ? `Deactivate ${props.email}? Their sessions end now and they cannot sign in until reactivated.`
          : `Reactivate ${props.email}? They can sign in again.`,
        success: (body) =>
          deactivate ? `Deactivated; ${body.revokedSessions} session(s) ended.` : "Reactivated.",
      },
    );

  return (
    <div style={{ display: "grid", gap: 4, justifyItems: "start" }}>
      <button
        type="button"
        onClick={toggle}
        disabled={pending}
        aria-label={`${deactivate ? "Deactivate" : "Reactivate"} ${props.email}`}
        style={deactivate ? dangerButton : secondaryButton}
      >
        {pending ? "Saving…" : deactivate ? "Deactivate" : "Reactivate"}
      </button>
      <ActionMessage outcome={outcome} testId={`user-${props.id}`} />
    </div>
  );
}
