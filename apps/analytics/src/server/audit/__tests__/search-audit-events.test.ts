import { csvLine } from "@embed/contracts/csv";
import { beforeEach, expect, it } from "vitest";
import { describeOnAppDatabases } from "~/__tests__/support/app-database-suite";
import { AUDIT_CSV_HEADER, auditEventCsvRow } from "../audit-event-csv-row";
import { listAuditEventTypes } from "../list-audit-event-types";
import { listAuditEvents } from "../list-audit-events";
import { recordAuditEvent } from "../record-audit-event";
import { parseAuditQuery, searchAuditEvents } from "../search-audit-events";

const T0 = new Date("2026-11-30T12:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describeOnAppDatabases("searchAuditEvents filters and pages", "audit-search", (database) => {
  let anaId: number;
  beforeEach(async () => {
    await database().prisma.auditEvent.deleteMany();
    await database().prisma.user.deleteMany();
    anaId = (await database().prisma.user.create({ data: { email: "ana@example.com" } })).id;
    const record = (event: Parameters<typeof recordAuditEvent>[0], when: Date) =>
      recordAuditEvent(event, database().prisma, when);
    await record(
      {
        type: "user.login",
        actorUserId: anaId,
        actorAttributes: { tenant: "acme" },
        payload: { method: "sso" },
      },
      at(0),
    );
    await record(
      {
        type: "user.login_failed",
        payload: { method: "sso", code: "token_expired", email: "bob@example.com" },
        aggregateBy: ["sso", "token_expired", "192.0.2.1"],
      },
      at(1),
    );
    // Folded into the row above: count 2, latest occurrence at(2).
    await record(
      {
        type: "user.login_failed",
        payload: { method: "sso", code: "token_expired", email: "bob@example.com" },
        aggregateBy: ["sso", "token_expired", "192.0.2.1"],
      },
      at(2),
    );
    await record(
      {
        type: "user.login",
        actorUserId: null,
        actorAttributes: { tenant: "globex" },
        payload: { method: "sso" },
      },
      at(3),
    );
  });

  it("newest first, with the actor's email and the folded count", async () => {
    const { events, nextCursor } = await searchAuditEvents({ limit: 10 });
    expect(events.map((event) => event.type)).toEqual([
      "user.login",
      "user.login_failed",
      "user.login",
    ]);
    expect(events[1]?.count).toBe(2);
    expect(events[2]?.actorEmail).toBe("ana@example.com");
    expect(nextCursor).toBeNull();
  });

  it("filters by type, by email (actor or refused login's), by attribute and by time", async () => {
    const types = async (filter: Parameters<typeof searchAuditEvents>[0]) =>
      (await searchAuditEvents(filter)).events.map((event) => `${event.type}@${event.count}`);
    expect(await types({ type: "user.login_failed", limit: 10 })).toEqual(["user.login_failed@2"]);
    expect(await types({ email: " ANA@example.com", limit: 10 })).toEqual(["user.login@1"]);
    expect(await types({ email: "bob@example.com", limit: 10 })).toEqual(["user.login_failed@2"]);
    expect(await types({ attribute: "tenant", attributeValue: "globex", limit: 10 })).toEqual([
      "user.login@1",
    ]);
    expect(await types({ attribute: "tenant", attributeValue: "none", limit: 10 })).toEqual([]);
    // A folded row spans its first to its last occurrence: at(1)…at(2) overlaps [at(1.5), …].
    expect(await types({ from: at(1.5), to: at(2.5), limit: 10 })).toEqual(["user.login_failed@2"]);
    expect(await types({ to: at(0.5), limit: 10 })).toEqual(["user.login@1"]);
  });

  it("pages with the cursor without repeating or skipping a row", async () => {
    const first = await searchAuditEvents({ limit: 2 });
    expect(first.events).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await searchAuditEvents({ limit: 2, cursor: first.nextCursor });
    expect(second.nextCursor).toBeNull();
    const all = (await searchAuditEvents({ limit: 10 })).events.map((event) => event.id);
    expect([...first.events, ...second.events].map((event) => event.id)).toEqual(all);
  });

  it("the overview's recent list is the same search, of one type", async () => {
    const events = await listAuditEvents({ type: "user.login", limit: 1 });
    expect(events.map((event) => [event.type, event.actorAttributes])).toEqual([
      ["user.login", { tenant: "globex" }],
    ]);
  });

  it("lists the types the audit holds, once each", async () => {
    expect(await listAuditEventTypes()).toEqual(["user.login", "user.login_failed"]);
  });

  it("exports a row per event with its code and count, formula cells escaped", async () => {
    await recordAuditEvent(
      {
        type: "user.login_failed",
        payload: { method: "password", code: "invalid_credentials", email: "=HYPERLINK(1)" },
      },
      database().prisma,
      at(4),
    );
    const { events } = await searchAuditEvents({ limit: 10 });
    const header = csvLine(AUDIT_CSV_HEADER);
    expect(header.startsWith("last_occurred_at,first_occurred_at,type,count")).toBe(true);
    const lines = events.map((event) => csvLine(auditEventCsvRow(event)));
    expect(lines[0]).toContain(",'=HYPERLINK(1),password,invalid_credentials,");
    expect(lines[2]).toContain(
      "2026-11-30T12:02:00.000Z,2026-11-30T12:01:00.000Z,user.login_failed,2,",
    );
    expect(lines[2]).toContain(",bob@example.com,sso,token_expired,");
  });

  it("refuses a forged cursor and a bad date with bad_request", async () => {
    await expect(searchAuditEvents({ limit: 2, cursor: "bm9wZQ" })).rejects.toMatchObject({
      code: "bad_request",
      status: 400,
    });
    expect(() => parseAuditQuery({ from: "yesterday" }, 10)).toThrow(/from/);
    expect(parseAuditQuery({ from: "2026-11-30T12:00", email: "" }, 10)).toMatchObject({
      from: T0,
      email: null,
    });
  });
});
