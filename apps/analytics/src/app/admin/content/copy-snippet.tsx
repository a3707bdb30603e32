"use client";

import { useState } from "react";
import { ActionMessage } from "../_components/action-message";
import { secondaryButton } from "../_components/styles";

/** A snippet with a Copy button; "Copied" (or why not) is announced beside the button. */
export function CopySnippet(props: { title: string; code: string; testId: string }) {
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(props.code);
      setOutcome({ ok: true, message: "Copied" });
    } catch {
      setOutcome({ ok: false, message: "Copying was refused: select the text and copy it." });
    }
  }

  return (
    <figure style={{ margin: 0, display: "grid", gap: 4, minWidth: 0 }}>
      <figcaption
        style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap", fontWeight: 600 }}
      >
        {props.title}
        <button
          type="button"
          onClick={copy}
          style={secondaryButton}
          aria-label={`Copy: ${props.title}`}
        >
          Copy
        </button>
        <ActionMessage outcome={outcome} testId={`${props.testId}-copy`} />
      </figcaption>
      <pre
        data-testid={props.testId}
        style={{
          margin: 0,
          padding: "8px 10px",
          background: "#0f172a",
          color: "#e2e8f0",
          borderRadius: 6,
          fontSize: 12,
          // Long lines wrap rather than scroll: nothing to reach with a keyboard, no overflow at 768 px.
          whiteSpace: "pre-wrap",
          overflowWrap: "anywhere",
        }}
      >
        <code>{props.code}</code>
      </pre>
    </figure>
  );
}
