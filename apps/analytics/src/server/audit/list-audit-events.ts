import "server-only";
import { getAppDatabase } from "../db/app-database";

/** The most recent audit events (by latest occurrence), optionally of one type. */
export async function listAuditEvents(filter: { type?: string | null; limit: number }) {
  const { prisma } = await getAppDatabase();
  const events = await prisma.auditEvent.findMany({
    where: filter.type ? { type: filter.type } : {},
    // A folded row moves up with each repeat.
    orderBy: [{ lastOccurredAt: "desc" }, { id: "desc" }],
    take: filter.limit,
  });
  return events.map(({ aggregationKey: _aggregationKey, ...event }) => ({
    ...event,
    id: event.id.toString(),
  }));
}
