import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type AppDatabase, migrateAppDatabase, openAppDatabase } from "@embed/db";
import { type CompiledQuery, createPgliteDriver, type WarehouseDriver } from "@embed/query";
import { closeSampleWarehouse, openSampleWarehouse, seedDemoWarehouse } from "@embed/sample-data";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadVisibleDashboard, runDashcard } from "../../content/content";
import { contentViewerForSubject } from "../../content/content-viewer";
import { previewAs } from "../preview-as";

const settings = vi.hoisted(() => ({
  maxResultRows: 100,
  queryTimeoutSeconds: 30,
  queryCacheTtlSeconds: 0,
  queryCacheMaxBytes: 0,
  maxConcurrentQueries: 4,
}));
vi.mock("~/server/settings/settings", () => ({ getSettings: async () => settings }));
const warehouse = vi.hoisted(() => ({ driver: undefined as unknown }));
vi.mock("~/server/warehouse/warehouses", () => ({
  getWarehouse: async (dataSourceId: number) => ({
    dataSourceId,
    driver: warehouse.driver,
    metadata: { tables: [] },
    dataVersion: "test",
  }),
}));

const KEY = Symbol.for("embed.analytics.appDatabase");

/** "View as" runs the viewer's own function: same SQL, same bound values, same refusals. */
describe("view as = the viewer's path", { timeout: 60_000 }, () => {
  let appDir: string;
  let warehouseDir: string;
  let db: AppDatabase;
  let userId: number;
  let dashboardId: number;
  let dashcardId: number;

  beforeAll(async () => {
    warehouseDir = await mkdtemp(path.join(tmpdir(), "embed-preview-wh-"));
    const pglite = await openSampleWarehouse(warehouseDir);
    await seedDemoWarehouse({ pglite });
    warehouse.driver = createPgliteDriver(pglite) satisfies WarehouseDriver;

    appDir = await mkdtemp(path.join(tmpdir(), "embed-preview-app-"));
    db = await openAppDatabase({ dataDir: appDir });
    await migrateAppDatabase(db);
    (globalThis as Record<symbol, unknown>)[KEY] = Promise.resolve(db);
    const { prisma } = db;
    userId = (await prisma.user.create({ data: { email: "ana@example.com", isAdmin: true } })).id;
    const source = await prisma.dataSource.create({
      data: { name: "Sample", kind: "embedded_sample" },
    });
    const card = await prisma.card.create({
      data: {
        entityId: "plan-accounts",
        name: "Accounts of a plan",
        display: "table",
        dataSourceId: source.id,
        queryKind: "native",
        query: { sql: "SELECT account_id FROM accounts WHERE plan = {{plan}} ORDER BY 1" },
        visualizationSettings: {},
      },
    });
    const dashboard = await prisma.dashboard.create({
      data: {
        entityId: "plans",
        name: "Plans",
        parameters: [{ id: "p1", slug: "plan", name: "Plan", type: "category" }],
        cards: {
          create: {
            entityId: "plans-1",
            cardId: card.id,
            x: 0,
            y: 0,
            w: 4,
            h: 4,
            parameterMappings: [],
          },
        },
      },
      include: { cards: true },
    });
    dashboardId = dashboard.id;
    dashcardId = dashboard.cards[0]?.id as number;
  }, 180_000);

  afterAll(async () => {
    delete (globalThis as Record<symbol, unknown>)[KEY];
    await db?.close();
    await closeSampleWarehouse(warehouseDir);
    await rm(appDir, { recursive: true, force: true });
    await rm(warehouseDir, { recursive: true, force: true });
  });

  /** What the viewer themself gets from the dashboard's card route's function. */
  async function asViewer(values: Record<string, unknown>) {
    const viewer = contentViewerForSubject({
      userId,
      isAdmin: true,
      groupIds: [],
      attributes: {},
      configVersion: null,
      queryLimitKey: "test",
    });
    let compiled: CompiledQuery | undefined;
    try {
      const dashboard = await loadVisibleDashboard(dashboardId, viewer);
      const { result } = await runDashcard(viewer, dashboard, dashcardId, values, {
        onCompiled: (seen) => {
          compiled = seen;
        },
      });
      return { sql: compiled?.sql, parameters: compiled?.parameters, rows: result.rows };
    } catch (error) {
      return { refused: (error as { code?: string }).code };
    }
  }

  async function asPreview(values: Record<string, unknown>) {
    const preview = await previewAs(
      { userId, dashboardId, dashcardId, parameters: values },
      userId,
    );
    return preview.refused
      ? { refused: preview.refused.code }
      : { sql: preview.sql, parameters: preview.parameters, rows: preview.result?.rows };
  }

  it("binds the same value and returns the same rows", async () => {
    const viewer = await asViewer({ plan: "Premium" });
    expect(viewer.rows?.length).toBeGreaterThan(0);
    expect(await asPreview({ plan: "Premium" })).toEqual(viewer);
  });

  it('treats an empty native parameter ("") as the viewer does: no value', async () => {
    const viewer = await asViewer({ plan: "" });
    expect(viewer).toEqual({ refused: "invalid_value" });
    expect(await asPreview({ plan: "" })).toEqual(viewer);
  });
});
