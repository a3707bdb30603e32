"use client";

import { useState } from "react";
import { ActionMessage } from "../_components/action-message";
import { fieldStyle } from "../_components/styles";
import { useAdminAction } from "../_components/use-admin-action";

/** The embedding modes of a parameter, as the API names them (`EmbeddingModeSchema`). */
export const EMBEDDING_MODES = [
  { value: "locked", label: "Locked (set by the token)" },
  { value: "enabled", label: "Editable" },
  { value: "disabled", label: "Disabled" },
] as const;
export type EmbeddingModeValue = (typeof EMBEDDING_MODES)[number]["value"];

export interface EmbeddableParameter {
  id: string;
  slug: string;
  name: string;
  embedding?: EmbeddingModeValue | undefined;
  [field: string]: unknown;
}

/**
 * One parameter's embedding mode, saved at once through the item's PATCH with the whole parameter
 * list (the API's rules apply: locking one that misses a card is refused with
 * `locked_parameter_unmapped`, and the API's message shows beside the select).
 */
export function ParameterModeSelect(props: {
  path: string;
  parameters: EmbeddableParameter[];
  index: number;
  testId: string;
}) {
  const parameter = props.parameters[props.index] as EmbeddableParameter;
  const saved = parameter.embedding ?? "disabled";
  const [mode, setMode] = useState<EmbeddingModeValue>(saved);
  const { pending, outcome, run } = useAdminAction();

  async function change(next: EmbeddingModeValue) {
    setMode(next);
    const parameters = props.parameters.map((candidate, index) =>
      index === props.index ? { ...candidate, embedding: next } : candidate,
    );
    const label = EMBEDDING_MODES.find((option) => option.value === next)?.label ?? next;
    const result = await run(
      props.path,
      { method: "PATCH", body: { parameters } },
      { success: () => `Saved: ${label}.` },
    );
    // Refused: the select shows what is stored again.
    if (result && !result.ok) setMode(saved);
  }

  return (
    <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
      <label style={{ display: "inline-flex", gap: 6, alignItems: "center" }}>
        <span>
          <strong>{parameter.name}</strong> <code>{parameter.slug}</code>
        </span>
        <select
          value={mode}
          disabled={pending}
          onChange={(event) => change(event.target.value as EmbeddingModeValue)}
          data-testid={`${props.testId}-mode`}
          aria-label={`Embedding mode of ${parameter.name}`}
          style={fieldStyle}
        >
          {EMBEDDING_MODES.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <ActionMessage outcome={outcome} testId={props.testId} />
    </div>
  );
}
