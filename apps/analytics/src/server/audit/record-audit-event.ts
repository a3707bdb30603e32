import "server-only";
import { createHash } from "node:crypto";
import { isUniqueViolation, type Prisma } from "@embed/db";
import { getAppDatabase } from "../db/app-database";
import { logger } from "../logger";

/** Dotted, stable event types: usage analytics and hosts' audits query by these. */
export type AuditEventType =
  | "user.login"
  | "user.login_failed"
  | "user.locked_out"
  | "user.lockout_lifted"
  | "user.deactivated"
  | "user.reactivated"
  | "session.revoked"
  | "group_mapping.created"
  | "group_mapping.deleted"
  | "group.created"
  | "group.updated"
  | "group.deleted"
  | "group_membership.added"
  | "group_membership.removed"
  | "setting.updated"
  | "secret.rotated"
  | "secret.retired"
  | "dashboard.viewed"
  | "question.viewed"
  | "query.failed"
  | "export.downloaded"
  | "content.changed"
  | "config.imported"
  | "data_source.created"
  | "data_source.synced"
  | "data_source.updated"
  | "data_source.deleted"
  | "data_source.sync_failed"
  | "metadata.changed"
  | "permission.changed"
  | "row_policy.changed"
  | "column_policy.changed"
  | "native_grant.changed"
  | "admin.previewed";

export interface AuditEventInput {
  type: AuditEventType;
  actorUserId?: number | null;
  /** The actor's attributes at the time: users change, the record must not. */
  actorAttributes?: Record<string, unknown> | null;
  resourceType?: string;
  resourceId?: string | number;
  payload?: Prisma.InputJsonObject;
  /**
   * Folds repeats: events of this type with the same values here (e.g. method, code, client
   * address) within one aggregation window become one row whose `count` grows. For events an
   * attacker can repeat at will (refused logins), so the table cannot grow without bound.
   */
  aggregateBy?: Array<string | number | null>;
}

/** One row per type and `aggregateBy` values per window (15 minutes, aligned to the clock). */
export const AUDIT_AGGREGATION_WINDOW_MS = 15 * 60_000;

type Tx = Pick<Prisma.TransactionClient, "auditEvent">;

/**
 * Writes an audit event, inside the caller's transaction when given one so that the event and
 * the change it records commit together. Never put secrets or tokens in `payload`.
 */
export async function recordAuditEvent(
  event: AuditEventInput,
  tx?: Tx,
  now: Date = new Date(),
): Promise<void> {
  const client = tx ?? (await getAppDatabase()).prisma;
  const data = {
    type: event.type,
    actorUserId: event.actorUserId ?? null,
    actorAttributes:
      (event.actorAttributes as Prisma.InputJsonObject | null | undefined) ?? undefined,
    resourceType: event.resourceType ?? null,
    resourceId: event.resourceId === undefined ? null : String(event.resourceId),
    payload: event.payload ?? {},
    createdAt: now,
    lastOccurredAt: now,
  };
  if (!event.aggregateBy) {
    await client.auditEvent.create({ data });
    return;
  }
  const aggregationKey = auditAggregationKey(event.type, event.aggregateBy, now);
  const upsert = () =>
    client.auditEvent.upsert({
      where: { aggregationKey },
      create: { ...data, aggregationKey },
      update: { count: { increment: 1 }, lastOccurredAt: now },
    });
  try {
    await upsert();
  } catch (error) {
    // Two first occurrences at once: one created the row, the other now counts into it.
    if (!isUniqueViolation(error)) throw error;
    await upsert();
  }
}

/** Same type, same values, same window → same key (hashed: the values may hold addresses). */
export function auditAggregationKey(
  type: AuditEventType,
  values: Array<string | number | null>,
  now: Date,
): string {
  const window = Math.floor(now.getTime() / AUDIT_AGGREGATION_WINDOW_MS);
  return createHash("sha256")
    .update(JSON.stringify([type, values, window]))
    .digest("base64url");
}

/** For events that must not fail the request they describe (a failed login's record). */
export async function recordAuditEventSafely(event: AuditEventInput): Promise<void> {
  try {
    await recordAuditEvent(event);
  } catch (error) {
    logger.error("could not record an audit event", { type: event.type, error });
  }
}
