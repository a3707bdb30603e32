"use client";

import { ActionMessage } from "./action-message";
import { dangerButton } from "./styles";
import { useAdminAction } from "./use-admin-action";

/**
 * Deletes one admin resource (`DELETE path`) after asking `question`, then refreshes the page; a
 * refusal shows the API's message beside the button.
 */
export function ConfirmDeleteButton(props: {
  path: string;
  question: string;
  label: string;
  testId: string;
  /** The button's text, idle and while the call runs (default "Delete" / "Deleting…"). */
  text?: { idle: string; pending: string };
}) {
  const { pending, outcome, run } = useAdminAction();

  return (
    <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
      <button
        type="button"
        onClick={() => run(props.path, { method: "DELETE" }, { confirm: props.question })}
        disabled={pending}
        aria-label={props.label}
        style={dangerButton}
      >
        {pending ? (props.text?.pending ?? "Deleting…") : (props.text?.idle ?? "Delete")}
      </button>
      <ActionMessage outcome={outcome} testId={props.testId} />
    </div>
  );
}
