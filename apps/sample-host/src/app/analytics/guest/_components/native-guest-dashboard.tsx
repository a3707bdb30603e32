"use client";

import { GuestDashboard } from "@embed/react";
import { ANALYTICS_THEME } from "~/lib/brand";

export interface NativeGuestDashboardProps {
  token: string;
  instanceUrl: string;
}

/**
 * The same guest token drawn natively by the SDK: no iframe, no sign-in, no provider. The locked
 * `account_id` comes only from the signed token; the server never lists it as editable.
 */
export function NativeGuestDashboard({ token, instanceUrl }: NativeGuestDashboardProps) {
  return <GuestDashboard token={token} instanceUrl={instanceUrl} theme={ANALYTICS_THEME} />;
}
