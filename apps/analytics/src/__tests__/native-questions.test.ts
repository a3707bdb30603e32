import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Card } from "@embed/db";
import {
  createPgliteDriver,
  type DataPolicy,
  executeQuery,
  QueryError,
  type WarehouseDriver,
} from "@embed/query";
import { closeSampleWarehouse, openSampleWarehouse, seedDemoWarehouse } from "@embed/sample-data";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canSeeCard, compileNativeCard } from "~/server/content/content";
import { type ContentViewer, mayRunNativeSql } from "~/server/content/content-viewer";
import { ApiError } from "~/server/http/api-error";

/**
 * Native questions through the app's own rule, against a PGlite warehouse seeded with the demo.
 * (The end-to-end version, over HTTP, is e2e/src/native-questions.test.ts; it needs the admin
 * card API to create a card.)
 */

const full: DataPolicy = {
  tables: { accounts: { level: "full" }, orders: { level: "full" } },
};
const tenant999: DataPolicy = {
  tables: {
    accounts: {
      level: "sandboxed",
      visibleColumns: null,
      rowFilters: [{ kind: "column_attribute", column: "tenant_id", value: 999 }],
    },
  },
};

/** The data source's synced tables, as content-viewer.ts reads them. */
const SOURCE_TABLES = ["accounts", "orders"];

/** A viewer following content-viewer.ts's rule: admins, or `mayRunNativeSql`. */
function viewer(options: {
  isAdmin?: boolean;
  policy: DataPolicy;
  grant?: boolean;
}): ContentViewer {
  return {
    kind: "user",
    userId: 1,
    attributes: {},
    isAdmin: options.isAdmin ?? false,
    configVersion: null,
    queryLimitKey: "test",
    policyFor: async () => options.policy,
    canRunNative: async () =>
      (options.isAdmin ?? false) ||
      mayRunNativeSql({
        hasGrant: options.grant ?? false,
        policy: options.policy,
        tables: SOURCE_TABLES,
      }),
  };
}
const admin = viewer({ isAdmin: true, policy: full });
const analyst = viewer({ policy: full, grant: true });
const sandboxed = viewer({ policy: tenant999, grant: true }); // a grant never beats a sandbox
// A grant never reaches a table the group may not read: `orders` has no permission (none) here,
// or a sandbox, while `accounts` is full.
const noOrders = viewer({ policy: { tables: { accounts: { level: "full" } } }, grant: true });
const sandboxedOrders = viewer({
  policy: {
    tables: {
      accounts: { level: "full" },
      orders: {
        level: "sandboxed",
        visibleColumns: null,
        rowFilters: [{ kind: "column_attribute", column: "account_id", value: 1 }],
      },
    },
  },
  grant: true,
});
const guest: ContentViewer = { ...viewer({ policy: full }), kind: "guest", userId: null };

function nativeCard(sql: string): Card {
  const now = new Date();
  return {
    id: 42,
    entityId: "native-42",
    collectionId: null,
    name: "Accounts by plan",
    description: null,
    display: "table",
    queryKind: "native",
    query: { sql },
    visualizationSettings: {},
    parameters: [],
    guestEmbeddingEnabled: false,
    dataSourceId: 1,
    createdAt: now,
    updatedAt: now,
  };
}

const BY_PLAN = nativeCard(
  "SELECT account_id, plan, created_at FROM accounts WHERE plan = {{plan}} ORDER BY account_id",
);

// PGlite's start-up (initdb in WASM) is slow on a busy machine.
describe("mayRunNativeSql (the native SQL scope rule)", () => {
  const tables = ["accounts", "orders", "hidden_audit"];
  const fullOn = (...names: string[]): DataPolicy => ({
    tables: Object.fromEntries(names.map((name) => [name, { level: "full" as const }])),
  });
  it("allows a grant holder with full access to every synced table", () => {
    expect(mayRunNativeSql({ hasGrant: true, policy: fullOn(...tables), tables })).toBe(true);
  });
  it.each([
    ["no grant", { hasGrant: false, policy: fullOn(...tables), tables }],
    [
      "one table with no permission",
      { hasGrant: true, policy: fullOn("accounts", "orders"), tables },
    ],
    [
      "one sandboxed table",
      {
        hasGrant: true,
        policy: {
          tables: {
            ...fullOn("accounts", "orders").tables,
            hidden_audit: { level: "sandboxed" as const, visibleColumns: null, rowFilters: [] },
          },
        },
        tables,
      },
    ],
    [
      "no synced tables (nothing says what SQL could reach)",
      { hasGrant: true, policy: fullOn(), tables: [] },
    ],
  ])("refuses %s", (_, input) => {
    expect(mayRunNativeSql(input)).toBe(false);
  });
});

describe("native questions", { timeout: 60_000 }, () => {
  let dataDir: string;
  let driver: WarehouseDriver;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "embed-native-"));
    const pglite = await openSampleWarehouse(dataDir);
    await seedDemoWarehouse({ pglite });
    driver = createPgliteDriver(pglite);
  }, 180_000);
  afterAll(async () => {
    await closeSampleWarehouse(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const run = async (who: ContentViewer, card: Card, values: Record<string, unknown>) =>
    executeQuery(driver, await compileNativeCard(who, card, values, { maxRows: 100 }));
  const accountCount = async () =>
    (await run(admin, nativeCard("SELECT count(*)::int AS n FROM accounts"), {})).rows;

  it("runs for an admin, with named columns", async () => {
    const result = await run(admin, BY_PLAN, { plan: "Premium", ignored: 1 });
    expect(result.columns).toEqual([
      { name: "account_id", displayName: "account_id", type: "number" },
      { name: "plan", displayName: "plan", type: "text" },
      { name: "created_at", displayName: "created_at", type: "date" },
    ]);
    expect(result.rows.length).toBeGreaterThan(0);
    expect(result.rows.every((row) => row[1] === "Premium")).toBe(true);
    expect(result.truncated).toBe(false);
  });

  it("runs for a group with a native grant and no sandbox", async () => {
    expect(await canSeeCard(analyst, BY_PLAN)).toBe(true);
    await expect(run(analyst, BY_PLAN, { plan: "Basic" })).resolves.toMatchObject({
      truncated: false,
    });
  });

  it("is hidden from and refused to a sandboxed user (tenant 999), grant or not", async () => {
    expect(await canSeeCard(sandboxed, BY_PLAN)).toBe(false); // → 404 on GET /api/card/:id
    const refused = await run(sandboxed, BY_PLAN, { plan: "Premium" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: "native_query_forbidden", status: 403 });
  });

  it("is refused to a grant holder without full access to every table of the source", async () => {
    const readsOrders = nativeCard("SELECT count(*)::int AS n FROM orders");
    for (const who of [noOrders, sandboxedOrders]) {
      for (const card of [readsOrders, BY_PLAN]) {
        expect(await canSeeCard(who, card)).toBe(false);
        await expect(run(who, card, { plan: "Premium" })).rejects.toMatchObject({
          code: "native_query_forbidden",
          status: 403,
        });
      }
    }
  });

  it("is refused to a guest embed and to a user without a grant", async () => {
    for (const who of [guest, viewer({ policy: full })]) {
      expect(await canSeeCard(who, BY_PLAN)).toBe(false);
      await expect(run(who, BY_PLAN, { plan: "Premium" })).rejects.toMatchObject({
        code: "native_query_forbidden",
      });
    }
  });

  it("binds SQL in a parameter value harmlessly", async () => {
    for (const attack of ["' OR 1=1 --", "Premium'; DROP TABLE accounts; --"]) {
      expect((await run(admin, BY_PLAN, { plan: attack })).rows).toEqual([]);
    }
    expect(await accountCount()).toEqual([[5]]);
  });

  it("refuses a missing value, a non-scalar value, $1, two statements and writes", async () => {
    const codeOf = (promise: Promise<unknown>) =>
      promise.then(
        () => "ok",
        (error: unknown) => (error instanceof QueryError ? error.code : String(error)),
      );
    expect(await codeOf(run(admin, BY_PLAN, {}))).toBe("invalid_value");
    expect(await codeOf(run(admin, BY_PLAN, { plan: { from: "x" } }))).toBe("invalid_value");
    expect(await codeOf(run(admin, nativeCard("SELECT * FROM accounts WHERE plan = $1"), {}))).toBe(
      "invalid_query",
    );
    expect(await codeOf(run(admin, nativeCard("SELECT 1; DELETE FROM accounts"), {}))).toBe(
      "invalid_query",
    );
    expect(await codeOf(run(admin, nativeCard("DELETE FROM accounts"), {}))).toBe(
      "warehouse_error",
    );
    const notSql = { ...BY_PLAN, query: { text: "SELECT 1" } };
    expect(await codeOf(run(admin, notSql, {}))).toBe("invalid_query");
    expect(await accountCount()).toEqual([[5]]);
  });
});
