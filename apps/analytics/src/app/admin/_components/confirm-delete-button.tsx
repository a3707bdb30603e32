"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionMessage } from "./action-message";
import { callAdminApi } from "./call-admin-api";

/**
 * Deletes one admin resource (`DELETE path`) after asking `question`, then refreshes the page; a
 * refusal shows the API's message beside the button.
 */
export function ConfirmDeleteButton(props: {
  path: string;
  question: string;
  label: string;
  testId: string;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);

  async function remove() {
    if (!window.confirm(props.question)) return;
    setPending(true);
    setOutcome(null);
    const result = await callAdminApi(props.path, { method: "DELETE" });
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
        aria-label={props.label}
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
      <ActionMessage outcome={outcome} testId={props.testId} />
    </div>
  );
}
