import "server-only";
import type { Prisma } from "@embed/db";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Db } from "./lookups";

export type ContentModel = "collection" | "card" | "dashboard";

/** A `content.changed` audit event, inside the transaction of the change it records. */
export function recordContentChange(
  tx: Db,
  change: {
    actorUserId: number;
    model: ContentModel;
    action: "created" | "updated" | "deleted";
    id: number;
    payload?: Prisma.InputJsonObject;
  },
): Promise<void> {
  return recordAuditEvent(
    {
      type: "content.changed",
      actorUserId: change.actorUserId,
      resourceType: change.model,
      resourceId: change.id,
      payload: { action: change.action, ...change.payload },
    },
    tx,
  );
}
