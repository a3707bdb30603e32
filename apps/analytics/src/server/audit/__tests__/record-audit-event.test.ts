import { beforeEach, expect, it } from "vitest";
import { describeOnAppDatabases } from "~/__tests__/support/app-database-suite";
import { AUDIT_AGGREGATION_WINDOW_MS, recordAuditEvent } from "../record-audit-event";

const T0 = new Date("2026-11-30T12:00:00.000Z");

// Real databases on a shared machine: generous time, never a timing assertion.
describeOnAppDatabases("refused logins fold into bounded audit rows", "audit", (database) => {
  beforeEach(async () => {
    await database().prisma.auditEvent.deleteMany();
  });

  const refused = (client: string, code = "invalid_credentials", email = "x@example.com") => ({
    type: "user.login_failed" as const,
    payload: { method: "password", code, email, client },
    aggregateBy: ["password", code, client],
  });

  it("a burst of 200 bad logins from one client is one row with a count", async () => {
    await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        recordAuditEvent(
          refused("192.0.2.1", "invalid_credentials", `guess-${index}@example.com`),
          database().prisma,
          new Date(T0.getTime() + index * 1000),
        ),
      ),
    );
    const rows = await database().prisma.auditEvent.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.count).toBe(200);
    expect(rows[0]?.lastOccurredAt.getTime()).toBeGreaterThanOrEqual(T0.getTime());
  });

  it("keeps apart other codes, clients and windows; plain events are never folded", async () => {
    const record = (event: Parameters<typeof recordAuditEvent>[0], at = T0) =>
      recordAuditEvent(event, database().prisma, at);
    await record(refused("192.0.2.1"));
    await record(refused("192.0.2.1"));
    await record(refused("192.0.2.2"));
    await record(refused("192.0.2.1", "too_many_attempts"));
    await record(refused("192.0.2.1"), new Date(T0.getTime() + AUDIT_AGGREGATION_WINDOW_MS));
    await record({ type: "user.login", payload: { method: "password" } });
    await record({ type: "user.login", payload: { method: "password" } });
    const rows = await database().prisma.auditEvent.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((row) => [row.type, row.count])).toEqual([
      ["user.login_failed", 2],
      ["user.login_failed", 1],
      ["user.login_failed", 1],
      ["user.login_failed", 1],
      ["user.login", 1],
      ["user.login", 1],
    ]);
  });
});
