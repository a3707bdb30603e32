import "server-only";
import type { AuditEventRow } from "./search-audit-events";

export const AUDIT_CSV_HEADER = [
  "last_occurred_at",
  "first_occurred_at",
  "type",
  "count",
  "actor_email",
  "actor_user_id",
  "resource_type",
  "resource_id",
  "email",
  "method",
  "code",
  "client",
  "actor_attributes",
  "payload",
] as const;

/** The text of one payload field, or "" (payloads are open-ended JSON). */
export function payloadText(event: AuditEventRow, key: string): string {
  const value = (event.payload as Record<string, unknown> | null)?.[key];
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

/** One event as a CSV row in `AUDIT_CSV_HEADER` order (cells escaped by `csvLine`). */
export function auditEventCsvRow(event: AuditEventRow): unknown[] {
  return [
    event.lastOccurredAt.toISOString(),
    event.createdAt.toISOString(),
    event.type,
    event.count,
    event.actorEmail ?? "",
    event.actorUserId ?? "",
    event.resourceType ?? "",
    event.resourceId ?? "",
    payloadText(event, "email"),
    payloadText(event, "method"),
    payloadText(event, "code"),
    payloadText(event, "client"),
    event.actorAttributes === null ? "" : JSON.stringify(event.actorAttributes),
    JSON.stringify(event.payload),
  ];
}
