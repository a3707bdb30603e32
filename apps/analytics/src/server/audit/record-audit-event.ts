import "server-only";
import type { Prisma } from "@embed/db";
import { getAppDatabase } from "../db/app-database";
import { logger } from "../logger";

/** Dotted, stable event types: usage analytics and hosts' audits query by these. */
export type AuditEventType =
  | "user.login"
  | "user.login_failed"
  | "user.deactivated"
  | "user.reactivated"
  | "session.revoked"
  | "group_mapping.created"
  | "group_mapping.deleted"
  | "group.created"
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
}

type Tx = Pick<Prisma.TransactionClient, "auditEvent">;

/**
 * Writes an audit event, inside the caller's transaction when given one so that the event and
 * the change it records commit together. Never put secrets or tokens in `payload`.
 */
export async function recordAuditEvent(event: AuditEventInput, tx?: Tx): Promise<void> {
  const client = tx ?? (await getAppDatabase()).prisma;
  await client.auditEvent.create({
    data: {
      type: event.type,
      actorUserId: event.actorUserId ?? null,
      actorAttributes:
        (event.actorAttributes as Prisma.InputJsonObject | null | undefined) ?? undefined,
      resourceType: event.resourceType ?? null,
      resourceId: event.resourceId === undefined ? null : String(event.resourceId),
      payload: event.payload ?? {},
    },
  });
}

/** For events that must not fail the request they describe (a failed login's record). */
export async function recordAuditEventSafely(event: AuditEventInput): Promise<void> {
  try {
    await recordAuditEvent(event);
  } catch (error) {
    logger.error("could not record an audit event", { type: event.type, error });
  }
}
