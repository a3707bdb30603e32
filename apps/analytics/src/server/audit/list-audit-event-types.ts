import "server-only";
import { getAppDatabase } from "../db/app-database";

/** The event types the audit holds, for the console's type filter. */
export async function listAuditEventTypes(): Promise<string[]> {
  const { prisma } = await getAppDatabase();
  const rows = await prisma.auditEvent.findMany({
    distinct: ["type"],
    select: { type: true },
    orderBy: { type: "asc" },
  });
  return rows.map((row) => row.type);
}
