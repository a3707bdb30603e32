import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  FACT_RATIO,
  planSampleWarehouse,
  resolveSampleWarehouseOptions,
  SAMPLE_TABLES,
  type SampleWarehouseOptions,
} from "../index";
import { generateTableChunks } from "../internal/generate-table-chunks";

function digest(options: SampleWarehouseOptions, rowsPerChunk = 1_000): string {
  const plan = planSampleWarehouse(options);
  const hash = createHash("sha256");
  for (const table of SAMPLE_TABLES) {
    for (const chunk of generateTableChunks(plan, table, rowsPerChunk)) hash.update(chunk.text);
  }
  return hash.digest("hex");
}

describe("planSampleWarehouse", () => {
  it("defaults to the demo preset: the brief's 5 accounts, 300 fact rows each", () => {
    const plan = planSampleWarehouse();
    expect(plan.options).toEqual({
      tenants: 0,
      accountsPerTenant: 10,
      rowsPerAccount: 300,
      seed: 42,
      anchorDate: "2026-01-01",
      schema: "public",
    });
    expect(plan.rows).toEqual({ accounts: 5, orders: 450, invoices: 150, usage_events: 900 });
    expect(plan.totalRows).toBe(1505);
  });

  it("splits every K exactly in the documented 3 : 1 : 6 ratio", () => {
    expect(FACT_RATIO).toEqual({ orders: 3, invoices: 1, usage_events: 6 });
    for (const k of [0, 1, 7, 10, 37, 299, 1001]) {
      const { perAccount } = planSampleWarehouse({ rowsPerAccount: k });
      expect(perAccount.orders + perAccount.invoices + perAccount.usage_events).toBe(k);
      expect(perAccount.orders).toBe(Math.floor((3 * k) / 10));
      expect(perAccount.invoices).toBe(Math.floor(k / 10));
    }
    const plan = planSampleWarehouse({ tenants: 1000, accountsPerTenant: 5, rowsPerAccount: 50 });
    expect(plan.accounts).toBe(5005);
    expect(plan.factRows).toBe(250_250);
    expect(plan.totalRows).toBe(255_255);
  });

  it.each([
    [{ tenants: -1 }],
    [{ tenants: 1.5 }],
    [{ accountsPerTenant: 0 }],
    [{ rowsPerAccount: Number.NaN }],
    [{ seed: -3 }],
    [{ tenants: 100_000, accountsPerTenant: 100_000 }],
    [{ anchorDate: "2026-13-45" }],
    [{ anchorDate: "yesterday" }],
    [{ schema: 'public"; DROP TABLE x; --' }],
  ])("rejects %j", (options) => {
    expect(() => resolveSampleWarehouseOptions(options)).toThrow(
      expect.objectContaining({ code: "invalid_sample_data_options" }),
    );
  });
});

describe("generated rows", () => {
  it("are identical for the same seed whatever the chunk size, different for another seed", () => {
    const options = { tenants: 4, accountsPerTenant: 3, rowsPerAccount: 40 };
    const reference = digest(options);
    expect(digest(options)).toBe(reference);
    expect(digest(options, 7)).toBe(reference);
    expect(digest({ ...options, seed: 43 })).not.toBe(reference);
    expect(digest({ ...options, anchorDate: "2025-06-30" })).not.toBe(reference);
  });

  it("keep the brief's accounts whatever the options, and generated ids above them", () => {
    const plan = planSampleWarehouse({
      tenants: 2,
      accountsPerTenant: 2,
      rowsPerAccount: 0,
      seed: 9,
    });
    const lines = [...generateTableChunks(plan, "accounts", 100)]
      .map((chunk) => chunk.text)
      .join("")
      .trimEnd()
      .split("\n")
      .map((line) => line.split("\t").slice(0, 2).map(Number));
    expect(lines).toEqual([
      [1, 999],
      [2, 999],
      [3, 999],
      [4, 777],
      [5, 777],
      [1000, 1000],
      [1001, 1000],
      [1002, 1001],
      [1003, 1001],
    ]);
  });

  it("bounds chunk sizes and dates to the two years before the anchor", () => {
    const plan = planSampleWarehouse({ tenants: 2, accountsPerTenant: 3, rowsPerAccount: 500 });
    const anchor = Date.parse("2026-01-01T00:00:00Z");
    const start = anchor - 730 * 86_400_000;
    let total = 0;
    for (const chunk of generateTableChunks(plan, "usage_events", 256)) {
      expect(chunk.rows).toBeLessThanOrEqual(256);
      total += chunk.rows;
      for (const line of chunk.text.trimEnd().split("\n")) {
        const at = Date.parse(line.split("\t")[3] ?? "");
        expect(at).toBeGreaterThanOrEqual(start);
        expect(at).toBeLessThan(anchor);
      }
    }
    expect(total).toBe(plan.rows.usage_events);
  });
});
