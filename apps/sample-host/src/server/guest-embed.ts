import "server-only";
import { signGuestEmbedToken } from "@embed/node";
import { getEnv } from "~/env";
import type { HostUser } from "./users";

/** The demo dashboard ("Account overview") that the guest page embeds. */
export const GUEST_DASHBOARD_ID = 1;

/** How long a guest token is valid: it is signed on every page view. */
const GUEST_TOKEN_SECONDS = 10 * 60;

/**
 * A guest token locks one account. Tenants own several (the warehouse's tenant 999 owns
 * accounts 1–3, tenant 777 owns 4–5), so their guest page shows the first of them.
 */
const FIRST_ACCOUNT_OF_TENANT: Readonly<Record<number, number>> = { 999: 1, 777: 4 };

export type GuestAccount =
  | { accountId: number; reason: "own-account" | "first-tenant-account" }
  | { accountId: null; reason: "no-analytics-access" };

/** Which account a user's guest embed is locked to, or none (staff have no analytics access). */
export function guestAccountFor(user: HostUser): GuestAccount {
  if (user.role === "customer" && user.primaryId !== null) {
    return { accountId: user.primaryId, reason: "own-account" };
  }
  if (user.role === "tenant" && user.primaryId !== null) {
    const accountId = FIRST_ACCOUNT_OF_TENANT[user.primaryId];
    if (accountId !== undefined) return { accountId, reason: "first-tenant-account" };
  }
  return { accountId: null, reason: "no-analytics-access" };
}

/** A guest-embed token for the dashboard with `account_id` locked; valid for 10 minutes. */
export function signGuestDashboardToken(accountId: number): Promise<string> {
  return signGuestEmbedToken(
    {
      resource: { dashboard: GUEST_DASHBOARD_ID },
      params: { account_id: accountId },
      exp: Math.floor(Date.now() / 1000) + GUEST_TOKEN_SECONDS,
    },
    getEnv().EMBED_GUEST_EMBED_SECRET,
  );
}
