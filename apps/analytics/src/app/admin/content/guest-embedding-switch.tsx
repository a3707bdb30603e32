"use client";

import { useEffect, useState } from "react";
import { ActionMessage } from "../_components/action-message";
import { useAdminAction } from "../_components/use-admin-action";

/**
 * The guest-embedding switch of one dashboard or question. Turning it off asks first: every guest
 * token of the item is refused from the next request on, on every server.
 */
export function GuestEmbeddingSwitch(props: {
  /** The item's admin API path, e.g. `/api/admin/dashboards/1`. */
  path: string;
  /** "dashboard “Revenue”": names the switch for screen readers and the confirmation. */
  itemLabel: string;
  enabled: boolean;
  testId: string;
}) {
  const { pending, outcome, run } = useAdminAction();
  // Flips at once (a switch that waits for the server looks broken); back if refused or cancelled.
  const [enabled, setEnabled] = useState(props.enabled);
  useEffect(() => setEnabled(props.enabled), [props.enabled]);

  async function toggle() {
    const next = !enabled;
    setEnabled(next);
    const result = await run(
      props.path,
      { method: "PATCH", body: { guestEmbeddingEnabled: next } },
      {
        confirm: next
          ? undefined
          : `Turn off guest embedding for ${props.itemLabel}? Every guest embed of it stops working now.`,
        success: () =>
          next
            ? "Guest embedding on: tokens signed with the guest secret open it."
            : "Guest embedding off: its guest tokens are refused.",
      },
    );
    if (!result?.ok) setEnabled(!next);
  }

  return (
    <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
      <label style={{ display: "inline-flex", gap: 6, alignItems: "center", fontWeight: 600 }}>
        <input
          type="checkbox"
          role="switch"
          checked={enabled}
          aria-checked={enabled}
          disabled={pending}
          onChange={toggle}
          data-testid={`${props.testId}-switch`}
          style={{ width: 18, height: 18 }}
        />
        Guest embedding<span className="visually-hidden"> for {props.itemLabel}</span>
      </label>
      <span style={{ color: "#475569", fontSize: 14 }} aria-hidden="true">
        {pending ? "Saving…" : enabled ? "On" : "Off"}
      </span>
      <ActionMessage outcome={outcome} testId={`${props.testId}-guest`} />
    </div>
  );
}
