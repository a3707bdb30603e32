import "server-only";
import type { AttributeValue, SsoUser } from "@embed/node";
import { getCurrentUser } from "./auth";
import type { HostUser } from "./users";

/**
 * The single place where Parcelpoint decides what the analytics server learns about a user.
 * Every claim here becomes a user attribute there, and its group mappings (`role=tenant →
 * Tenants`, `role=customer → Customers`) and row policies (`tenant_id = {{primary_id}}`,
 * `account_id = {{primary_id}}`) turn them into the rows the user may see. So send only what a
 * policy needs: no internal ids, no organisation names.
 */
export function toSsoUser(user: HostUser): SsoUser {
  const attributes: Record<string, AttributeValue> = { role: user.role };
  // Staff have no primary_id. They still get a JWT: the analytics server maps `role=staff` to
  // no group, so they are signed in and see nothing — a missing attribute never means all rows.
  if (user.primaryId !== null) attributes.primary_id = user.primaryId;
  return {
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    attributes,
  };
}

/**
 * `getUser` for `@embed/node`'s handlers: the logged-in host user as the analytics server should
 * know them, or `null` when nobody is logged in. Reads the session from the request's cookies.
 */
export async function getAnalyticsUser(): Promise<SsoUser | null> {
  const user = await getCurrentUser();
  return user && toSsoUser(user);
}
