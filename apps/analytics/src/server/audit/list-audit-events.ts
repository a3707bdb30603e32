import "server-only";
import { searchAuditEvents } from "./search-audit-events";

/** The most recent audit events (by latest occurrence), optionally of one type. */
export async function listAuditEvents(filter: { type?: string | null; limit: number }) {
  // One query rule for the overview, the audit page and the API.
  return (await searchAuditEvents(filter)).events;
}
