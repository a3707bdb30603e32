import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { seedDemoConfig } from "@embed/db";
import { createPgliteDriver, type SemanticType } from "@embed/query";
import { closeSampleWarehouse, openSampleWarehouse, seedDemoWarehouse } from "@embed/sample-data";
import { afterAll, beforeAll, expect, it, vi } from "vitest";

import { describeOnAppDatabases } from "~/__tests__/support/app-database-suite";
import { getAppDatabase } from "../../db/app-database";
import { getPermissionGrid, setTablePermission } from "../permissions";
import {
  knownAttributeNames,
  previewRowPolicyView,
  setColumnPolicy,
  setRowPolicy,
} from "../policies";
import { listPreviewTargets, previewAs } from "../preview-as";

type PGlite = Awaited<ReturnType<typeof openSampleWarehouse>>;

const settings = vi.hoisted(() => ({
  maxResultRows: 100,
  queryTimeoutSeconds: 30,
  queryCacheTtlSeconds: 0,
  queryCacheMaxBytes: 0,
  maxConcurrentQueries: 4,
}));
vi.mock("~/server/settings/settings", () => ({ getSettings: async () => settings }));
// The demo's sample warehouse, described by the tables synced into whichever app database runs.
const warehouse = vi.hoisted(() => ({ pglite: undefined as unknown }));
vi.mock("~/server/warehouse/warehouses", () => ({
  getWarehouse: async (dataSourceId: number) => {
    const { prisma } = await getAppDatabase();
    const tables = await prisma.syncedTable.findMany({
      where: { dataSourceId, visible: true },
      include: { columns: { orderBy: { position: "asc" } } },
    });
    return {
      dataSourceId,
      driver: createPgliteDriver(warehouse.pglite as PGlite),
      dataVersion: "test",
      metadata: {
        tables: tables.map((table) => ({
          name: table.name,
          schema: table.schema,
          displayName: table.displayName,
          columns: table.columns.map((column) => ({
            name: column.name,
            displayName: column.displayName,
            databaseType: column.databaseType,
            semanticType: column.semanticType as SemanticType,
            ...(column.isPrimaryKey ? { primaryKey: true } : {}),
          })),
        })),
      },
    };
  },
}));

let warehouseDir: string;
beforeAll(async () => {
  warehouseDir = await mkdtemp(path.join(tmpdir(), "embed-i11-permissions-wh-"));
  const pglite = await openSampleWarehouse(warehouseDir);
  await seedDemoWarehouse({ pglite });
  warehouse.pglite = pglite;
}, 180_000);
afterAll(async () => {
  await closeSampleWarehouse(warehouseDir);
  await rm(warehouseDir, { recursive: true, force: true });
});

describeOnAppDatabases("the data permissions console's services", "i11-permissions", (database) => {
  let actor: number;
  let auditors: number;
  const tables = new Map<string, { id: number; schema: string; columns: Map<string, number> }>();

  beforeAll(async () => {
    const { prisma } = database();
    await seedDemoConfig(prisma, { warehouse: { kind: "embedded_sample" }, isProduction: true });
    actor = (await prisma.user.create({ data: { email: "root@example.com", isAdmin: true } })).id;
    auditors = (await prisma.group.create({ data: { name: "Auditors" } })).id;
    for (const table of await prisma.syncedTable.findMany({ include: { columns: true } })) {
      tables.set(table.name, {
        id: table.id,
        schema: table.schema,
        columns: new Map(table.columns.map((column) => [column.name, column.id])),
      });
    }
  }, 180_000);

  const table = (name: string) => tables.get(name) as NonNullable<ReturnType<typeof tables.get>>;
  const columnId = (tableName: string, column: string) =>
    table(tableName).columns.get(column) as number;

  async function ordersCount(attributes: Record<string, number>) {
    const { prisma } = database();
    const card = await prisma.card.findFirstOrThrow({ where: { name: "Orders" } });
    return previewAs({ attributes, groupIds: [auditors], cardId: card.id }, actor);
  }

  async function warehouseOrdersOf(accountId: number): Promise<number> {
    const pglite = warehouse.pglite as PGlite;
    const { rows } = await pglite.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${table("orders").schema}".orders WHERE account_id = $1`,
      [accountId],
    );
    return rows[0]?.n ?? -1;
  }

  it("lists admin groups apart and flags cells that are open (full) or closed (no row policy)", async () => {
    await setTablePermission(
      { groupId: auditors, tableId: table("orders").id, level: "full" },
      actor,
    );
    await setTablePermission(
      { groupId: auditors, tableId: table("accounts").id, level: "sandboxed" },
      actor,
    );
    await setColumnPolicy(
      {
        groupId: auditors,
        tableId: table("accounts").id,
        visibleColumnIds: [columnId("accounts", "account_id")],
      },
      actor,
    );
    const grid = await getPermissionGrid(null);
    expect(grid.adminGroups.map((group) => group.name)).toEqual(["Administrators"]);
    expect(grid.groups.map((group) => group.name)).toEqual(["Auditors", "Customers", "Tenants"]);
    const cell = (group: string, tableName: string) =>
      grid.groups
        .find((candidate) => candidate.name === group)
        ?.permissions.find((permission) => permission.tableId === table(tableName).id);
    expect(cell("Auditors", "orders")?.warning?.kind).toBe("every_row");
    expect(cell("Auditors", "accounts")).toMatchObject({
      level: "sandboxed",
      rowPolicy: null,
      visibleColumnIds: [columnId("accounts", "account_id")],
      warning: { kind: "no_rows" },
    });
    expect(cell("Auditors", "invoices")).toMatchObject({ level: "none", warning: null });
    expect(cell("Customers", "orders")).toMatchObject({
      level: "sandboxed",
      rowPolicy: {
        kind: "column_attribute",
        columnName: "account_id",
        attributeName: "primary_id",
      },
      visibleColumnIds: null,
      warning: null,
    });
    expect(grid.tables.find((t) => t.name === "orders")?.columns.map((c) => c.name)).toContain(
      "account_id",
    );
  });

  it("a sandboxed table without a row policy gives no rows; with one, only the attribute's rows", async () => {
    await setTablePermission(
      { groupId: auditors, tableId: table("orders").id, level: "sandboxed" },
      actor,
    );
    const closed = await ordersCount({ primary_id: 1 });
    expect(closed.refused).toBeNull();
    expect(closed.result?.rows).toEqual([[0]]);

    await setRowPolicy(
      {
        groupId: auditors,
        tableId: table("orders").id,
        kind: "column_attribute",
        columnId: columnId("orders", "account_id"),
        attributeName: "primary_id",
      },
      actor,
    );
    const mine = await ordersCount({ primary_id: 1 });
    const expected = await warehouseOrdersOf(1);
    expect(expected).toBeGreaterThan(0);
    expect(mine.result?.rows).toEqual([[expected]]);
    expect(mine.sql).toContain('"account_id" = $');
    expect(mine.parameters).toContain(1);

    // No attribute, no rows: never every row.
    expect((await ordersCount({})).result?.rows).toEqual([[0]]);
  });

  it("refuses a row policy on a column that is not the table's, and keeps the one in force", async () => {
    await expect(
      setRowPolicy(
        {
          groupId: auditors,
          tableId: table("orders").id,
          kind: "column_attribute",
          columnId: columnId("accounts", "plan"),
          attributeName: "primary_id",
        },
        actor,
      ),
    ).rejects.toMatchObject({ code: "column_not_found", status: 404 });
    const { prisma } = database();
    const policy = await prisma.rowPolicy.findUniqueOrThrow({
      where: { groupId_tableId: { groupId: auditors, tableId: table("orders").id } },
    });
    expect(policy.columnId).toBe(columnId("orders", "account_id"));
  });

  it("offers the attribute names seen; a policy naming another is saved with a warning", async () => {
    const { prisma } = database();
    await prisma.user.create({
      data: { email: "eu@example.com", attributes: { primary_id: 7, region: "eu" } },
    });
    const known = await knownAttributeNames();
    expect(known).toEqual(expect.arrayContaining(["primary_id", "region", "role"]));
    expect(known).not.toContain("email");

    const typo = await setRowPolicy(
      {
        groupId: auditors,
        tableId: table("invoices").id,
        kind: "column_attribute",
        columnId: columnId("invoices", "account_id"),
        attributeName: "primry_id",
      },
      actor,
    );
    expect(typo.attributesNotSeen).toEqual(["primry_id"]);
    const fine = await setRowPolicy(
      {
        groupId: auditors,
        tableId: table("invoices").id,
        kind: "column_attribute",
        columnId: columnId("invoices", "account_id"),
        attributeName: "region",
      },
      actor,
    );
    expect(fine.attributesNotSeen).toEqual([]);
  });

  it("previews a SQL view for typed attributes; an unknown placeholder or $1 is refused", async () => {
    const sql = "SELECT * FROM accounts WHERE account_id = {{primary_id}}";
    const preview = await previewRowPolicyView({
      tableId: table("accounts").id,
      sql,
      attributes: { primary_id: 2 },
    });
    expect(preview.parameters[0]).toBe(2);
    expect(preview.rows).toHaveLength(1);
    expect(preview.rows[0]?.[preview.columns.indexOf("account_id")]).toBe(2);

    await expect(
      previewRowPolicyView({
        tableId: table("accounts").id,
        sql: "SELECT * FROM accounts WHERE tenant_id = {{tenant}}",
        attributes: { primary_id: 2 },
      }),
    ).rejects.toMatchObject({
      code: "invalid_policy",
      status: 400,
      publicMessage: expect.stringContaining("{{tenant}}"),
    });
    await expect(
      previewRowPolicyView({
        tableId: table("accounts").id,
        sql: "SELECT * FROM accounts WHERE account_id = $1",
        attributes: {},
      }),
    ).rejects.toMatchObject({ code: "invalid_policy", status: 400 });
    // A preview stores nothing.
    const { prisma } = database();
    expect(
      await prisma.rowPolicy.count({
        where: { groupId: auditors, tableId: table("accounts").id },
      }),
    ).toBe(0);
  });

  it("lists what view as can run: the source's questions and dashboard cards", async () => {
    const grid = await getPermissionGrid(null);
    const targets = await listPreviewTargets(grid.dataSourceId);
    expect(targets.cards.map((card) => card.name)).toContain("Orders");
    expect(targets.dashcards.map((dashcard) => dashcard.name)).toContain(
      "Account overview › Orders",
    );
  });
});
