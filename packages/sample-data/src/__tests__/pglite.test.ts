import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import {
  closeSampleWarehouse,
  generateSampleWarehouse,
  openSampleWarehouse,
  sampleWarehouseDir,
  seedDemoWarehouse,
} from "../index";
import { describeWarehouseContract } from "./warehouse-contract";

describeWarehouseContract("PGlite", async () => {
  const db = await PGlite.create();
  return {
    target: { pglite: db },
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    close: () => db.close(),
  };
});

describe("the embedded warehouse folder", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("opens one shared instance per folder and seeds the demo preset once", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "sample-data-"));
    dirs.push(dataDir);
    const [first, second] = await Promise.all([
      openSampleWarehouse(dataDir),
      openSampleWarehouse(dataDir),
    ]);
    expect(second).toBe(first);
    expect(sampleWarehouseDir(dataDir)).toBe(join(dataDir, "warehouse"));

    expect((await seedDemoWarehouse({ pglite: first })).status).toBe("seeded");
    // A { dataDir } target reuses the open instance (a second PGlite on the folder would corrupt it)
    // and leaves it open for its owner.
    expect((await generateSampleWarehouse({ dataDir })).status).toBe("already_seeded");
    expect(first.closed).toBe(false);
    await closeSampleWarehouse(dataDir);
    expect(first.closed).toBe(true);

    // The data survives a reopen, and the seed is still recognised.
    const reopened = await openSampleWarehouse(dataDir);
    expect(reopened).not.toBe(first);
    const { rows } = await reopened.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM usage_events",
    );
    expect(rows[0]?.n).toBe(900);
    expect((await seedDemoWarehouse({ pglite: reopened })).status).toBe("already_seeded");
    await closeSampleWarehouse(dataDir);
  });
});
