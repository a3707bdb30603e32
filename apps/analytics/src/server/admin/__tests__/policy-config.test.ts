import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type AppDatabase, migrateAppDatabase, openAppDatabase } from "@embed/db";
import { createScratchPostgres, type ScratchPostgres } from "@embed/testing/scratch-postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../../http/api-error";
import { createGroup, createGroupMapping, updateGroup } from "../groups";
import { deleteTablePermission, setTablePermission } from "../permissions";
import { setColumnPolicy, setRowPolicy } from "../policies";
import { exportConfig, importConfig } from "../policy-config";

// The services read the process's app database; the suite puts its own there.
const KEY = Symbol.for("embed.analytics.appDatabase");

interface Target {
  name: string;
  open(): Promise<{ databaseUrl?: string }>;
  close(): Promise<void>;
}

function describeImportContract(target: Target) {
  describe(`config import on ${target.name}`, { timeout: 60_000 }, () => {
    let db: AppDatabase;
    let dataDir: string;
    let actor: number;

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), "embed-config-"));
      db = await openAppDatabase({ ...(await target.open()), dataDir });
      await migrateAppDatabase(db);
      (globalThis as Record<symbol, unknown>)[KEY] = Promise.resolve(db);
      const { prisma } = db;
      actor = (await prisma.user.create({ data: { email: "admin@example.com", isAdmin: true } }))
        .id;
      await prisma.group.create({ data: { name: "Administrators", isAdminGroup: true } });
      const source = await prisma.dataSource.create({
        data: { name: "Shop", kind: "embedded_sample" },
      });
      await prisma.syncedTable.create({
        data: {
          dataSourceId: source.id,
          schema: "public",
          name: "orders",
          displayName: "Orders",
          columns: {
            create: ["id", "tenant", "total"].map((name, position) => ({
              name,
              displayName: name,
              databaseType: "integer",
              semanticType: "number",
              position,
            })),
          },
        },
      });
    }, 120_000);

    afterAll(async () => {
      delete (globalThis as Record<symbol, unknown>)[KEY];
      await db?.close();
      await rm(dataDir, { recursive: true, force: true });
      await target.close();
    });

    const base = async () => ({ ...(await exportConfig()) });
    const onOrders = { group: "Customers", dataSource: "Shop", table: "orders" };

    it("creates, updates and deletes through the entity services, with their audit events", async () => {
      const doc = await base();
      doc.groups.push({ name: "Customers", description: null });
      doc.groupMappings.push({ group: "Customers", attribute: "role", value: "customer" });
      doc.tablePermissions.push({ ...onOrders, level: "sandboxed" });
      doc.rowPolicies.push({
        ...onOrders,
        kind: "column_attribute",
        column: "tenant",
        attribute: "tenant",
      });
      doc.columnPolicies.push({ ...onOrders, visibleColumns: ["id", "total"] });
      doc.nativeGrants.push({ group: "Customers", dataSource: "Shop" });
      const first = await importConfig(doc, actor);
      expect(first.changed).toBe(true);
      expect(first.summary).toMatchObject({
        groups: { created: 1 },
        groupMappings: { created: 1 },
        tablePermissions: { created: 1 },
        rowPolicies: { created: 1 },
        columnPolicies: { created: 1 },
        nativeGrants: { created: 1 },
      });
      expect(await exportConfig()).toEqual(doc);
      const types = (await db.prisma.auditEvent.findMany({ select: { type: true } })).map(
        (event) => event.type,
      );
      // The same events as the REST routes write: the import calls the same functions.
      expect(types).toEqual(
        expect.arrayContaining([
          "group.created",
          "group_mapping.created",
          "permission.changed",
          "row_policy.changed",
          "column_policy.changed",
          "native_grant.changed",
          "config.imported",
        ]),
      );

      const second = structuredClone(doc);
      second.groups = [{ name: "Customers", description: "Buyers" }];
      second.groupMappings = [];
      second.tablePermissions = [{ ...onOrders, level: "full" }];
      second.rowPolicies = [];
      second.columnPolicies = [{ ...onOrders, visibleColumns: ["id"] }];
      second.nativeGrants = [];
      const changed = await importConfig(second, actor);
      expect(changed.summary).toMatchObject({
        groups: { updated: 1 },
        groupMappings: { deleted: 1 },
        tablePermissions: { updated: 1 },
        rowPolicies: { deleted: 1 },
        columnPolicies: { updated: 1 },
        nativeGrants: { deleted: 1 },
      });
      expect(await exportConfig()).toEqual(second);

      second.tablePermissions = [];
      second.columnPolicies = [];
      const removed = await importConfig(second, actor);
      expect(removed.summary).toMatchObject({
        tablePermissions: { deleted: 1 },
        columnPolicies: { deleted: 1 },
      });
      expect((await importConfig(await exportConfig(), actor)).changed).toBe(false);
    });

    it("refuses an admin-only group with the services' rule, and changes nothing", async () => {
      const before = await exportConfig();
      const doc = structuredClone(before);
      doc.groups.push({ name: "Never imported", description: null });
      doc.groups.push({ name: "Administrators", description: null });
      const error = await importConfig(doc, actor).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe("invalid_config");
      expect((error as ApiError).publicMessage).toBe(
        `Invalid configuration at $.groups[${before.groups.length + 1}].name: "Administrators" is admin-only: it is not managed through configuration.`,
      );
      expect(await exportConfig()).toEqual(before);

      // The REST path refuses the same group with the same rule (code, status).
      const admins = await db.prisma.group.findUniqueOrThrow({ where: { name: "Administrators" } });
      const refused = await createGroupMapping(
        { groupId: admins.id, attribute: "role", value: "x" },
        actor,
      ).catch((caught: unknown) => caught);
      expect([(refused as ApiError).code, (refused as ApiError).status]).toEqual([
        "group_is_admin_only",
        400,
      ]);
    });

    it("the services refuse what the REST routes refuse: admin-only groups, unknown rows", async () => {
      const { prisma } = db;
      const refusal = (promise: Promise<unknown>) =>
        promise.then(
          () => null,
          (error: ApiError) => [error.code, error.status],
        );
      const admins = await prisma.group.findUniqueOrThrow({ where: { name: "Administrators" } });
      const table = await prisma.syncedTable.findFirstOrThrow({ include: { columns: true } });
      const group = await createGroup({ name: "Service checks" }, actor);
      expect(await refusal(createGroup({ name: "Service checks" }, actor))).toEqual([
        "conflict",
        409,
      ]);
      const before = await exportConfig();
      const onAdmins = { groupId: admins.id, tableId: table.id };
      expect(await refusal(setTablePermission({ ...onAdmins, level: "full" }, actor))).toEqual([
        "group_is_admin_only",
        400,
      ]);
      expect(await refusal(setColumnPolicy({ ...onAdmins, visibleColumnIds: [] }, actor))).toEqual([
        "group_is_admin_only",
        400,
      ]);
      expect(await refusal(updateGroup(admins.id, { description: "x" }, actor))).toEqual([
        "group_is_admin_only",
        400,
      ]);
      expect(
        await refusal(
          setRowPolicy(
            {
              groupId: group.id,
              tableId: table.id,
              kind: "column_attribute",
              columnId: 99_999,
              attributeName: "tenant",
            },
            actor,
          ),
        ),
      ).toEqual(["column_not_found", 404]);
      expect(await refusal(deleteTablePermission(group.id, table.id, actor))).toEqual([
        "policy_not_found",
        404,
      ]);
      expect(await exportConfig()).toEqual(before);
      await setTablePermission({ groupId: group.id, tableId: table.id, level: "full" }, actor);
      await deleteTablePermission(group.id, table.id, actor);
      expect(await prisma.tablePermission.count({ where: { groupId: group.id } })).toBe(0);
      await prisma.group.delete({ where: { id: group.id } });
    });

    it("moves collections through the collection service, even swapping a parent and child", async () => {
      const doc = structuredClone(await exportConfig());
      const top = { entityId: "top", name: "Top", description: null };
      const sub = { entityId: "sub", name: "Sub", description: null };
      // In export order (by entityId): the child is listed before its parent.
      doc.collections.push({ ...sub, parent: "top" }, { ...top, parent: null });
      const first = await importConfig(doc, actor);
      expect(first.summary.collections).toEqual({ created: 2, updated: 0, deleted: 0 });
      expect(await exportConfig()).toEqual(doc);

      // The child becomes the parent: half-way, a naive order would nest them in each other.
      const swapped = structuredClone(doc);
      swapped.collections = swapped.collections.map((c) =>
        c.entityId === "top"
          ? { ...top, name: "Now below", parent: "sub" }
          : c.entityId === "sub"
            ? { ...sub, parent: null }
            : c,
      );
      // Listed parent-to-be first: moving it under "sub" before "sub" leaves it would nest them.
      const reordered = { ...swapped, collections: [...swapped.collections].reverse() };
      const second = await importConfig(reordered, actor);
      expect(second.summary.collections).toEqual({ created: 0, updated: 2, deleted: 0 });
      expect(await exportConfig()).toEqual(swapped);
      const changes = await db.prisma.auditEvent.count({ where: { type: "content.changed" } });
      expect(changes).toBeGreaterThanOrEqual(5);
    });

    it("creates and updates cards through the card service, keeping the document's query", async () => {
      const doc = structuredClone(await exportConfig());
      const card = {
        entityId: "native-count",
        name: "Count",
        description: null,
        collection: null,
        display: "scalar",
        dataSource: "Shop",
        queryKind: "native" as const,
        query: { sql: "SELECT count(*) FROM orders" },
        visualizationSettings: {},
        guestEmbeddingEnabled: false,
      };
      doc.cards.push(card);
      expect((await importConfig(doc, actor)).summary.cards).toEqual({
        created: 1,
        updated: 0,
        deleted: 0,
      });
      expect(await exportConfig()).toEqual(doc);
      const renamed = structuredClone(doc);
      renamed.cards = renamed.cards.map((c) =>
        c.entityId === card.entityId ? { ...c, name: "Orders counted" } : c,
      );
      expect((await importConfig(renamed, actor)).summary.cards).toEqual({
        created: 0,
        updated: 1,
        deleted: 0,
      });
      expect(await exportConfig()).toEqual(renamed);
      expect((await importConfig(renamed, actor)).changed).toBe(false);
      const stored = await db.prisma.card.findUniqueOrThrow({ where: { entityId: card.entityId } });
      const events = await db.prisma.auditEvent.findMany({
        where: { type: "content.changed", resourceType: "card", resourceId: String(stored.id) },
        orderBy: { id: "asc" },
      });
      expect(events.map((event) => (event.payload as { action: string }).action)).toEqual([
        "created",
        "updated",
      ]);
    });

    it("creates and updates dashboards through the dashboard service", async () => {
      const doc = structuredClone(await exportConfig());
      const card = doc.cards.find((c) => c.entityId === "native-count");
      expect(card).toBeDefined();
      const dashboard = {
        entityId: "counts",
        name: "Counts",
        description: null,
        collection: "sub",
        parameters: [],
        guestEmbeddingEnabled: false,
        cards: [
          {
            entityId: "counts-1",
            card: "native-count",
            x: 0,
            y: 0,
            w: 4,
            h: 3,
            titleOverride: null,
            parameterMappings: [],
          },
        ],
      };
      doc.dashboards.push(dashboard);
      const first = await importConfig(doc, actor);
      expect(first.summary.dashboards).toEqual({ created: 1, updated: 0, deleted: 0 });
      expect(first.summary.dashboardCards).toEqual({ created: 1, updated: 0, deleted: 0 });
      expect(await exportConfig()).toEqual(doc);

      const changed = structuredClone(doc);
      const target = changed.dashboards.find((d) => d.entityId === "counts");
      if (!target) throw new Error("expected the dashboard");
      target.name = "All counts";
      target.parameters = [
        { id: "p1", slug: "region", name: "Region", type: "category", embedding: "locked" },
      ];
      const placement = target.cards[0];
      if (placement) placement.x = 4;
      const second = await importConfig(changed, actor);
      expect(second.summary.dashboards).toEqual({ created: 0, updated: 1, deleted: 0 });
      expect(second.summary.dashboardCards).toEqual({ created: 0, updated: 1, deleted: 0 });
      expect(await exportConfig()).toEqual(changed);
      expect((await importConfig(changed, actor)).changed).toBe(false);

      target.cards = [];
      const third = await importConfig(changed, actor);
      expect(third.summary.dashboardCards).toEqual({ created: 0, updated: 0, deleted: 1 });
      expect(await exportConfig()).toEqual(changed);
    });

    it("refuses a card's new query when a dashboard the document does not list filters it", async () => {
      // A question on a dashboard whose locked tenant filter targets its `tenant` column.
      const doc = structuredClone(await exportConfig());
      doc.cards.push({
        entityId: "orders-list",
        name: "Orders list",
        description: null,
        collection: null,
        display: "table",
        dataSource: "Shop",
        queryKind: "structured",
        query: { source: "orders" },
        visualizationSettings: {},
        guestEmbeddingEnabled: false,
      });
      doc.dashboards.push({
        entityId: "tenant-board",
        name: "Tenant board",
        description: null,
        collection: null,
        parameters: [
          { id: "t", slug: "tenant", name: "Tenant", type: "category", embedding: "locked" },
        ],
        guestEmbeddingEnabled: false,
        cards: [
          {
            entityId: "tenant-board-1",
            card: "orders-list",
            x: 0,
            y: 0,
            w: 4,
            h: 3,
            titleOverride: null,
            parameterMappings: [{ parameterId: "t", target: { column: "tenant" } }],
          },
        ],
      });
      await importConfig(doc, actor);
      const before = await exportConfig();

      // The next document turns the question into native SQL and leaves the dashboard out (an
      // import leaves unlisted content alone): the dashboard could no longer filter it.
      const next = structuredClone(before);
      next.dashboards = next.dashboards.filter((d) => d.entityId !== "tenant-board");
      next.cards = next.cards.map((c) =>
        c.entityId === "orders-list"
          ? { ...c, queryKind: "native" as const, query: { sql: "SELECT * FROM orders" } }
          : c,
      );
      const error = await importConfig(next, actor).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: "conflict", status: 409 });
      expect((error as ApiError).publicMessage).toContain('Dashboard "Tenant board"');
      expect(await exportConfig()).toEqual(before);
    });

    it("refuses a document listing an entry twice before writing its valid part", async () => {
      const before = await exportConfig();
      const doc = structuredClone(before);
      doc.groups.push({ name: "Listed twice", description: null });
      doc.groupMappings.push({ group: "Listed twice", attribute: "role", value: "x" });
      doc.groupMappings.push({ group: "Listed twice", attribute: "role", value: "x" });
      const error = await importConfig(doc, actor).catch((caught: unknown) => caught);
      expect((error as ApiError).code).toBe("invalid_config");
      expect(await exportConfig()).toEqual(before);
    });

    it("rolls back every service's writes when one fails half-way", async () => {
      const before = await exportConfig();
      const doc = structuredClone(before);
      doc.groups.push({ name: "Half way", description: null });
      doc.tablePermissions.push({ ...onOrders, group: "Half way", level: "full" });
      doc.nativeGrants.push({ group: "Half way", dataSource: "Shop" });
      // Native grants are written last of the access rules: fail there, after the group and
      // its permission were written inside the transaction.
      await db.prisma.$executeRawUnsafe(`
        CREATE FUNCTION refuse_grant() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`);
      await db.prisma.$executeRawUnsafe(`
        CREATE TRIGGER refuse_grant BEFORE INSERT ON native_query_grants
        FOR EACH ROW EXECUTE FUNCTION refuse_grant()`);
      try {
        await expect(importConfig(doc, actor)).rejects.toThrow();
      } finally {
        await db.prisma.$executeRawUnsafe("DROP TRIGGER refuse_grant ON native_query_grants");
        await db.prisma.$executeRawUnsafe("DROP FUNCTION refuse_grant()");
      }
      expect(await exportConfig()).toEqual(before);
      expect(await db.prisma.group.findUnique({ where: { name: "Half way" } })).toBeNull();
    });
  });
}

describeImportContract({ name: "PGlite", open: async () => ({}), close: async () => {} });

let scratch: ScratchPostgres | undefined;
describeImportContract({
  name: "PostgreSQL",
  async open() {
    scratch = await createScratchPostgres("analytics-config");
    return { databaseUrl: scratch.url };
  },
  async close() {
    await scratch?.teardown();
  },
});
