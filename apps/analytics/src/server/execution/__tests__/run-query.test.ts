import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type CompiledQuery,
  createPgliteDriver,
  postgresDialect,
  type WarehouseDriver,
} from "@embed/query";
import { closeSampleWarehouse, openSampleWarehouse } from "@embed/sample-data";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "~/server/http/api-error";
import type { Warehouse } from "~/server/warehouse/warehouses";
import { acquireQuerySlot, runningQueries } from "../acquire-query-slot";
import { estimateBytes } from "../estimate-bytes";
import {
  clearResultCache,
  resultCacheFor,
  runCompiledQuery,
  streamCompiledQuery,
} from "../run-query";

const settings = vi.hoisted(() => ({
  queryTimeoutSeconds: 30,
  queryCacheTtlSeconds: 60,
  queryCacheMaxBytes: 64 * 1024 ** 2,
  maxConcurrentQueries: 2,
}));
vi.mock("~/server/settings/settings", () => ({ getSettings: async () => settings }));

const result = (rows: number, width = 10) => ({
  columns: [],
  rows: Array.from({ length: rows }, (_, i) => [i, "x".repeat(width)]),
  rowCount: rows,
  truncated: false,
});

describe("the result cache", () => {
  it("never holds more than its byte budget, and evicts the least recently used", () => {
    const budget = 200_000;
    const cache = resultCacheFor(budget);
    if (!cache) throw new Error("expected a cache");
    const entry = result(100);
    const size = estimateBytes(entry.rows);
    expect(size).toBeGreaterThan(1000);
    for (let i = 0; i < 500; i++) {
      cache.set(`k${i}`, entry, { ttl: 60_000 });
      expect(cache.calculatedSize).toBeLessThanOrEqual(budget);
      // k0 is read each time, so it stays the most recently used.
      if (i > 0) expect(cache.get("k0")).toBe(entry);
    }
    expect(cache.calculatedSize).toBeGreaterThan(budget - 2 * size);
    expect(cache.has("k0")).toBe(true);
    expect(cache.has("k1")).toBe(false);
    expect(cache.has("k499")).toBe(true);
  });

  it("does not cache a result larger than an eighth of the budget", () => {
    const cache = resultCacheFor(100_000);
    if (!cache) throw new Error("expected a cache");
    cache.set("small", result(10), { ttl: 60_000 });
    cache.set("large", result(1_000, 10), { ttl: 60_000 });
    expect(estimateBytes(result(1_000, 10).rows)).toBeGreaterThan(100_000 / 8);
    expect(cache.has("small")).toBe(true);
    expect(cache.has("large")).toBe(false);
  });

  it("a budget of 0 turns it off", () => {
    expect(resultCacheFor(0)).toBeNull();
  });
});

describe("the heavy-query limit", () => {
  it("gives `limit` slots per key, refuses the next with 429 too_many_queries and Retry-After", () => {
    const first = acquireQuerySlot("session:1", 2);
    const second = acquireQuerySlot("session:1", 2);
    let refusal: unknown;
    try {
      acquireQuerySlot("session:1", 2);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ code: "too_many_queries", status: 429 });
    expect((refusal as ApiError).headers["retry-after"]).toMatch(/^\d+$/);
    // Another session is not affected.
    const other = acquireQuerySlot("session:2", 2);
    first();
    first(); // releasing twice frees one slot, not two
    expect(runningQueries("session:1")).toBe(1);
    const third = acquireQuerySlot("session:1", 2);
    expect(() => acquireQuerySlot("session:1", 2)).toThrow(ApiError);
    for (const release of [second, third, other]) release();
    expect(runningQueries("session:1")).toBe(0);
    expect(runningQueries("session:2")).toBe(0);
  });
});

describe("runCompiledQuery and streamCompiledQuery", () => {
  let dataDir: string;
  let warehouse: Warehouse;
  /** Statements the warehouse saw; each waits for `gate` when one is set. */
  let executed: number;
  let gate: Promise<void> | null;
  const query = (sql: string, maxRows = 1000): CompiledQuery =>
    ({
      sql,
      parameters: [],
      dialect: postgresDialect.name,
      columns: [],
      maxRows,
    }) as unknown as CompiledQuery;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "embed-run-query-"));
    const real = createPgliteDriver(await openSampleWarehouse(dataDir));
    const driver: WarehouseDriver = {
      ...real,
      async execute(statement, options) {
        executed++;
        if (gate) await gate;
        return real.execute(statement, options);
      },
    };
    warehouse = {
      dataSourceId: 1,
      driver,
      metadata: { tables: [] },
      dataVersion: "v1",
    } as Warehouse;
  }, 120_000);
  afterAll(async () => {
    await closeSampleWarehouse(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    executed = 0;
    gate = null;
    clearResultCache();
    settings.queryCacheMaxBytes = 64 * 1024 ** 2;
    settings.maxConcurrentQueries = 2;
  });

  it("caches a small result and not a large one", async () => {
    settings.queryCacheMaxBytes = 100_000;
    const small = query("SELECT 1 AS n");
    const large = query("SELECT g, repeat('x', 100) FROM generate_series(1, 500) AS g");
    expect((await runCompiledQuery(warehouse, small, { limitKey: "a" })).cached).toBe(false);
    expect((await runCompiledQuery(warehouse, small, { limitKey: "a" })).cached).toBe(true);
    await runCompiledQuery(warehouse, large, { limitKey: "a" });
    expect((await runCompiledQuery(warehouse, large, { limitKey: "a" })).cached).toBe(false);
    expect(executed).toBe(3);
  });

  it("limits cache misses per key, lets cache hits through, and frees slots on error", async () => {
    const cachedQuery = query("SELECT 2 AS n");
    await runCompiledQuery(warehouse, cachedQuery, { limitKey: "s" });
    let open: () => void = () => undefined;
    gate = new Promise((resolve) => {
      open = resolve;
    });
    const running = [1, 2].map((n) =>
      runCompiledQuery(warehouse, query(`SELECT ${n + 10}`), { limitKey: "s" }),
    );
    await expect(
      runCompiledQuery(warehouse, query("SELECT 99"), { limitKey: "s" }),
    ).rejects.toMatchObject({ code: "too_many_queries", status: 429 });
    // A cache hit is not a heavy query; another session has its own slots.
    expect((await runCompiledQuery(warehouse, cachedQuery, { limitKey: "s" })).cached).toBe(true);
    const elsewhere = runCompiledQuery(warehouse, query("SELECT 98"), { limitKey: "t" });
    open();
    await Promise.all([...running, elsewhere]);
    expect(runningQueries("s")).toBe(0);
    gate = null;
    await expect(
      runCompiledQuery(warehouse, query("SELECT * FROM nowhere"), { limitKey: "s" }),
    ).rejects.toMatchObject({ code: "warehouse_error" });
    const controller = new AbortController();
    controller.abort();
    await expect(
      runCompiledQuery(warehouse, query("SELECT 97"), { limitKey: "s", signal: controller.signal }),
    ).rejects.toMatchObject({ code: "query_cancelled" });
    expect(runningQueries("s")).toBe(0);
  });

  it("an export holds a slot until its stream is closed, and is never cached", async () => {
    settings.maxConcurrentQueries = 1;
    const sql = query("SELECT g FROM generate_series(1, 5) AS g", 3);
    const stream = await streamCompiledQuery(warehouse, sql, { limitKey: "e" });
    expect(runningQueries("e")).toBe(1);
    await expect(streamCompiledQuery(warehouse, sql, { limitKey: "e" })).rejects.toMatchObject({
      code: "too_many_queries",
    });
    expect(await stream.read()).toEqual([[1], [2], [3]]);
    expect(await stream.read()).toBeNull();
    expect(stream.truncated).toBe(true);
    await stream.close();
    expect(runningQueries("e")).toBe(0);
    expect(resultCacheFor(settings.queryCacheMaxBytes)?.size).toBe(0);
    // A failing export gives its slot back too.
    await expect(
      streamCompiledQuery(warehouse, query("SELECT * FROM nowhere"), { limitKey: "e" }),
    ).rejects.toMatchObject({ code: "warehouse_error" });
    expect(runningQueries("e")).toBe(0);
  });
});
