"use client";

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

  const toggle = () =>
    run(
      props.path,
      { method: "PATCH", body: { guestEmbeddingEnabled: !props.enabled } },
      {
        confirm: props.enabled
          ? `Turn off guest embedding for ${props.itemLabel}? Every guest embed of it stops working now.`
          : undefined,
        success: () =>
          props.enabled
            ? "Guest embedding off: its guest tokens are refused."
            : "Guest embedding on: tokens signed with the guest secret open it.",
      },
    );

  return (
    <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
      <label style={{ display: "inline-flex", gap: 6, alignItems: "center", fontWeight: 600 }}>
        <input
          type="checkbox"
          role="switch"
          checked={props.enabled}
          aria-checked={props.enabled}
          disabled={pending}
          onChange={toggle}
          data-testid={`${props.testId}-switch`}
          style={{ width: 18, height: 18 }}
        />
        Guest embedding<span className="visually-hidden"> for {props.itemLabel}</span>
      </label>
      <span style={{ color: "#475569", fontSize: 14 }} aria-hidden="true">
        {pending ? "Saving…" : props.enabled ? "On" : "Off"}
      </span>
      <ActionMessage outcome={outcome} testId={`${props.testId}-guest`} />
    </div>
  );
}
