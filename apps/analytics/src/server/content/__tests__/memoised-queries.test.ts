import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type CompiledQuery,
  compileNativeQuery,
  compileQuery,
  createPgliteDriver,
  StructuredQuerySchema,
  type WarehouseDriver,
} from "@embed/query";
import { closeSampleWarehouse, openSampleWarehouse } from "@embed/sample-data";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { describeOnAppDatabases } from "~/__tests__/support/app-database-suite";
import { clearResultCache } from "../../execution/run-query";
import { loadVisibleCard } from "../cards";
import { loadVisibleDashboard, runCard, runDashcard } from "../content";
import { contentViewerForGuest, contentViewerForSubject } from "../content-viewer";

const settings = vi.hoisted(() => ({
  maxResultRows: 100,
  queryTimeoutSeconds: 30,
  queryCacheTtlSeconds: 60,
  queryCacheMaxBytes: 64 * 1024 ** 2,
  maxConcurrentQueries: 4,
}));
vi.mock("~/server/settings/settings", () => ({ getSettings: async () => settings }));

// The compilers, counted: the memo must spare them on a warm request.
vi.mock("@embed/query", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@embed/query")>();
  return {
    ...actual,
    compileQuery: vi.fn(actual.compileQuery),
    compileNativeQuery: vi.fn(actual.compileNativeQuery),
  };
});

/** One warehouse table, `accounts`, behind a driver whose statements are counted. */
const warehouse = vi.hoisted(() => ({
  driver: undefined as unknown as WarehouseDriver,
  dataVersion: "",
  metadata: {
    tables: [
      {
        name: "accounts",
        schema: "public",
        displayName: "Accounts",
        columns: [
          {
            name: "account_id",
            displayName: "Account",
            databaseType: "integer",
            semanticType: "id" as const,
            primaryKey: true,
          },
          {
            name: "plan",
            displayName: "Plan",
            databaseType: "text",
            semanticType: "category" as const,
          },
        ],
      },
    ],
  },
}));
vi.mock("~/server/warehouse/warehouses", () => ({
  getWarehouse: async (dataSourceId: number) => ({
    dataSourceId,
    driver: warehouse.driver,
    metadata: warehouse.metadata,
    dataVersion: warehouse.dataVersion,
  }),
}));

const ACCOUNTS = [
  [1, "pro"],
  [2, "pro"],
  [3, "free"],
];

let warehouseDir: string;
let closeDriver: () => Promise<void>;
const execute = vi.fn<WarehouseDriver["execute"]>();

beforeAll(async () => {
  warehouseDir = await mkdtemp(path.join(tmpdir(), "embed-memo-wh-"));
  const pglite = await openSampleWarehouse(warehouseDir);
  await pglite.exec(
    `CREATE TABLE accounts (account_id integer PRIMARY KEY, plan text NOT NULL);
     INSERT INTO accounts VALUES ${ACCOUNTS.map(([id, plan]) => `(${id}, '${plan}')`).join(", ")};`,
  );
  const real = createPgliteDriver(pglite);
  execute.mockImplementation((statement, options) => real.execute(statement, options));
  warehouse.driver = { ...real, execute };
  closeDriver = () => real.close();
}, 120_000);

afterAll(async () => {
  await closeDriver?.();
  await closeSampleWarehouse(warehouseDir);
  await rm(warehouseDir, { recursive: true, force: true });
});

// Versions only grow, across both app databases: caches are per process, like a server's.
let lastVersion = 1_000n;
const nextVersion = () => String(++lastVersion);

describeOnAppDatabases("content work done once per configuration version", "memo", (database) => {
  let dataSourceId: number;
  let cardId: number;
  let nativeCardId: number;
  let dashboardId: number;
  let dashcardId: number;
  let guestDashboardId: number;
  let guestDashcardId: number;
  let tenants: number;
  let everyone: number;
  let version: string;

  beforeAll(async () => {
    const { prisma } = database();
    // A new data version per database: the result cache must not answer from the other one.
    warehouse.dataVersion = `memo-${lastVersion}`;
    dataSourceId = (
      await prisma.dataSource.create({ data: { name: "Shop", kind: "embedded_sample" } })
    ).id;
    const table = await prisma.syncedTable.create({
      data: {
        dataSourceId,
        schema: "public",
        name: "accounts",
        displayName: "Accounts",
        columns: {
          create: [
            {
              name: "account_id",
              displayName: "Account",
              databaseType: "integer",
              semanticType: "id",
              position: 0,
              isPrimaryKey: true,
            },
            {
              name: "plan",
              displayName: "Plan",
              databaseType: "text",
              semanticType: "category",
              position: 1,
            },
          ],
        },
      },
      include: { columns: true },
    });
    const accountColumn = table.columns.find((column) => column.name === "account_id");
    // Tenants see their own account's rows (by the `account_id` attribute); everyone sees all.
    tenants = (await prisma.group.create({ data: { name: "Tenants" } })).id;
    everyone = (await prisma.group.create({ data: { name: "Everyone" } })).id;
    await prisma.tablePermission.createMany({
      data: [
        { groupId: tenants, tableId: table.id, level: "sandboxed" },
        { groupId: everyone, tableId: table.id, level: "full" },
      ],
    });
    await prisma.rowPolicy.create({
      data: {
        groupId: tenants,
        tableId: table.id,
        kind: "column_attribute",
        columnId: accountColumn?.id ?? null,
        attributeName: "account_id",
      },
    });
    const card = await prisma.card.create({
      data: {
        name: "Accounts",
        display: "table",
        dataSourceId,
        queryKind: "structured",
        query: { source: "accounts", orderBy: [["asc", "account_id"]] },
      },
    });
    cardId = card.id;
    nativeCardId = (
      await prisma.card.create({
        data: {
          name: "Accounts of a plan",
          display: "table",
          dataSourceId,
          queryKind: "native",
          query: { sql: "SELECT account_id FROM accounts WHERE plan = {{plan}} ORDER BY 1" },
        },
      })
    ).id;
    const dashboard = await prisma.dashboard.create({
      data: {
        name: "Plans",
        parameters: [{ id: "p1", slug: "plan", name: "Plan", type: "category" }],
        cards: {
          create: [
            {
              cardId,
              x: 0,
              y: 0,
              w: 4,
              h: 4,
              parameterMappings: [{ parameterId: "p1", target: { column: "plan" } }],
            },
            // Native SQL: only for admins here (no group has a native grant).
            { cardId: nativeCardId, x: 0, y: 4, w: 4, h: 4 },
          ],
        },
      },
      include: { cards: { orderBy: { y: "asc" } } },
    });
    dashboardId = dashboard.id;
    dashcardId = dashboard.cards[0]?.id as number;
    const guestDashboard = await prisma.dashboard.create({
      data: {
        name: "One account",
        guestEmbeddingEnabled: true,
        parameters: [
          { id: "a", slug: "account", name: "Account", type: "category", embedding: "locked" },
        ],
        cards: {
          create: {
            cardId,
            x: 0,
            y: 0,
            w: 4,
            h: 4,
            parameterMappings: [{ parameterId: "a", target: { column: "account_id" } }],
          },
        },
      },
      include: { cards: true },
    });
    guestDashboardId = guestDashboard.id;
    guestDashcardId = guestDashboard.cards[0]?.id as number;
  }, 120_000);

  beforeEach(() => {
    version = nextVersion();
    clearResultCache();
    vi.mocked(compileQuery).mockClear();
    vi.mocked(compileNativeQuery).mockClear();
    execute.mockClear();
  });

  /** A new request's viewer, as `contentViewerForUser` builds it from a session. */
  const viewer = (
    groupIds: number[],
    attributes: Record<string, unknown>,
    configVersion: string | null = version,
    isAdmin = false,
  ) =>
    contentViewerForSubject({
      userId: null,
      isAdmin,
      groupIds,
      attributes,
      configVersion,
      queryLimitKey: "test",
    });

  /** `POST /api/card/:id/query`: the visibility check, then the run; with the compiled SQL. */
  async function queryCard(as: ReturnType<typeof viewer>, id = cardId) {
    let compiled: CompiledQuery | undefined;
    const card = await loadVisibleCard(id, as);
    const result = await runCard(as, card, [], {
      onCompiled: (seen) => {
        compiled = seen;
      },
    });
    return { rows: result.rows, cached: result.cached, compiled };
  }

  it("answers a warm card without the warehouse driver, the compiler or zod", async () => {
    const first = await queryCard(viewer([everyone], {}));
    expect(first).toMatchObject({ rows: ACCOUNTS, cached: false });
    expect(compileQuery).toHaveBeenCalledTimes(1);
    expect(execute).toHaveBeenCalledTimes(1);

    const parse = vi.spyOn(StructuredQuerySchema, "safeParse");
    try {
      const second = await queryCard(viewer([everyone], {}));
      expect(second).toMatchObject({ rows: ACCOUNTS, cached: true });
      expect(second.compiled).toBe(first.compiled);
      expect(compileQuery).toHaveBeenCalledTimes(1);
      expect(execute).toHaveBeenCalledTimes(1);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it("compiles again under a new configuration version, and sees the change", async () => {
    await queryCard(viewer([everyone], {}));
    await queryCard(viewer([everyone], {}));
    expect(compileQuery).toHaveBeenCalledTimes(1);

    // An admin edits the card: the database raises the version, which the next request reads.
    await database().prisma.card.update({
      where: { id: cardId },
      data: { query: { source: "accounts", orderBy: [["desc", "account_id"]] } },
    });
    version = nextVersion();
    try {
      const changed = await queryCard(viewer([everyone], {}));
      expect(compileQuery).toHaveBeenCalledTimes(2);
      expect(changed.rows).toEqual([...ACCOUNTS].reverse());
    } finally {
      await database().prisma.card.update({
        where: { id: cardId },
        data: { query: { source: "accounts", orderBy: [["asc", "account_id"]] } },
      });
    }
  });

  it("never lends one viewer's compiled query or result to another policy", async () => {
    // Warm as tenant 1, then ask as tenant 2 (same group, another attribute value), then as a
    // viewer with tenant 1's attributes in another group.
    const a = await queryCard(viewer([tenants], { account_id: 1 }));
    const b = await queryCard(viewer([tenants], { account_id: 2 }));
    const c = await queryCard(viewer([everyone], { account_id: 1 }));
    expect(a.rows).toEqual([ACCOUNTS[0]]);
    expect(b).toMatchObject({ rows: [ACCOUNTS[1]], cached: false });
    expect(c).toMatchObject({ rows: ACCOUNTS, cached: false });
    expect(a.compiled?.parameters).toContain(1);
    expect(b.compiled?.parameters).toContain(2);
    expect(b.compiled?.parameters).not.toContain(1);
    expect(c.compiled?.sql).not.toEqual(a.compiled?.sql);
    expect(compileQuery).toHaveBeenCalledTimes(3);
    expect(execute).toHaveBeenCalledTimes(3);

    // Each warm again gets their own, from the memo and the result cache.
    const again = await queryCard(viewer([tenants], { account_id: 2 }));
    expect(again).toMatchObject({ rows: [ACCOUNTS[1]], cached: true });
    expect(again.compiled).toBe(b.compiled);
    expect((await queryCard(viewer([tenants], { account_id: 1 }))).rows).toEqual([ACCOUNTS[0]]);
    expect(compileQuery).toHaveBeenCalledTimes(3);
    expect(execute).toHaveBeenCalledTimes(3);
  });

  it("keys a dashboard card by its parameter values", async () => {
    const run = async (values: Record<string, unknown>) => {
      const as = viewer([everyone], {});
      const dashboard = await loadVisibleDashboard(dashboardId, as);
      return (await runDashcard(as, dashboard, dashcardId, values)).result;
    };
    expect((await run({ plan: "pro" })).rows).toEqual(ACCOUNTS.slice(0, 2));
    expect((await run({ plan: "free" })).rows).toEqual([ACCOUNTS[2]]);
    expect(compileQuery).toHaveBeenCalledTimes(2);
    expect(await run({ plan: "pro" })).toMatchObject({ rows: ACCOUNTS.slice(0, 2), cached: true });
    expect(compileQuery).toHaveBeenCalledTimes(2);
    // A value the filter refuses is refused every time, never answered from the memo.
    for (let i = 0; i < 2; i++)
      await expect(run({ plan: { not: "a value" } })).rejects.toMatchObject({
        code: "invalid_parameter",
      });
  });

  it("keys a native card by its values", async () => {
    const run = async (plan: unknown) =>
      (
        await runCard(viewer([], {}, version, true), await loadNativeCard(), [], {
          parameterValues: { plan },
        })
      ).rows;
    const loadNativeCard = () => loadVisibleCard(nativeCardId, viewer([], {}, version, true));
    expect(await run("pro")).toEqual([[1], [2]]);
    expect(await run("free")).toEqual([[3]]);
    expect(await run("pro")).toEqual([[1], [2]]);
    expect(compileNativeQuery).toHaveBeenCalledTimes(2);
    // NaN is refused; null is "no value" — they must never share an entry.
    await expect(run(null)).rejects.toMatchObject({ code: "invalid_value" });
    await expect(run(Number.NaN)).rejects.toMatchObject({ code: "invalid_value" });
  });

  it("restricts each guest by their own locked value, warm or not", async () => {
    // As openGuestDashboard builds it: the card's tables in full, the `account` slug locked.
    const run = async (values: Record<string, unknown>) => {
      const guest = contentViewerForGuest(
        new Map([[dataSourceId, new Set(["accounts"])]]),
        version,
        new Set(["account"]),
        "guest:test",
      );
      const dashboard = await loadVisibleDashboard(guestDashboardId, guest);
      return (await runDashcard(guest, dashboard, guestDashcardId, values)).result;
    };
    expect((await run({ account: 1 })).rows).toEqual([ACCOUNTS[0]]);
    expect(await run({ account: 2 })).toMatchObject({ rows: [ACCOUNTS[1]], cached: false });
    expect(await run({ account: 1 })).toMatchObject({ rows: [ACCOUNTS[0]], cached: true });
    // Warm or not, a query without the locked value is refused, never answered unfiltered.
    await expect(run({})).rejects.toMatchObject({ code: "guest_parameter_invalid" });
    expect(compileQuery).toHaveBeenCalledTimes(2);
    expect(execute).toHaveBeenCalledTimes(2);
  });

  it("shares which dashboard cards show only between viewers of one group set", async () => {
    const cardsOf = async (as: ReturnType<typeof viewer>) =>
      (await loadVisibleDashboard(dashboardId, as)).cards.map((dashcard) => dashcard.cardId);
    expect(await cardsOf(viewer([], {}, version, true))).toEqual([cardId, nativeCardId]);
    expect(await cardsOf(viewer([tenants], { account_id: 1 }))).toEqual([cardId]);
    await expect(cardsOf(viewer([], {}))).rejects.toMatchObject({
      code: "dashboard_not_found",
      status: 404,
    });
    expect(await cardsOf(viewer([everyone, tenants], {}))).toEqual([cardId]);
    // Warm: the same group set (other attribute values) is answered without asking the policy.
    const warm = viewer([tenants], { account_id: 2 });
    const policyFor = vi.spyOn(warm, "policyFor");
    expect(await cardsOf(warm)).toEqual([cardId]);
    expect(policyFor).not.toHaveBeenCalled();
    // A new version decides again.
    version = nextVersion();
    const fresh = viewer([tenants], { account_id: 2 });
    const asked = vi.spyOn(fresh, "policyFor");
    expect(await cardsOf(fresh)).toEqual([cardId]);
    expect(asked).toHaveBeenCalled();
  });

  it("compiles afresh without a configuration version (an admin's preview)", async () => {
    await queryCard(viewer([everyone], {}, null));
    await queryCard(viewer([everyone], {}, null));
    expect(compileQuery).toHaveBeenCalledTimes(2);
  });

  it("still answers 404 for a card the viewer may not see, before anything runs", async () => {
    await queryCard(viewer([everyone], {}));
    await expect(queryCard(viewer([], { account_id: 1 }))).rejects.toMatchObject({
      code: "card_not_found",
      status: 404,
    });
    expect(execute).toHaveBeenCalledTimes(1);
  });
});
