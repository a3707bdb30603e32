import type { PGliteInterface } from "@electric-sql/pglite";
import { withPGliteSession } from "./internal/pglite-session";
import { withPostgresSession } from "./internal/postgres-session";
import {
  type SampleWarehouseProgress,
  type SampleWarehouseResult,
  type SeedSession,
  seedSession,
} from "./internal/seed-session";
import {
  closeSampleWarehouse,
  isSampleWarehouseOpen,
  openSampleWarehouse,
} from "./open-sample-warehouse";
import { planSampleWarehouse, type SampleWarehouseOptions } from "./plan-sample-warehouse";

/**
 * Where the warehouse goes:
 * - `{ databaseUrl }`: any PostgreSQL server;
 * - `{ pglite }`: an open PGlite instance (left open);
 * - `{ dataDir }`: the embedded warehouse at `<dataDir>/warehouse`, shared with
 *   {@link openSampleWarehouse}; closed afterwards only if this call opened it.
 */
export type SampleWarehouseTarget =
  | { databaseUrl: string }
  | { pglite: PGliteInterface }
  | { dataDir: string };

export interface GenerateSampleWarehouseHooks {
  /** Called as chunks are loaded; cheap enough to drive a progress bar. */
  onProgress?: (progress: SampleWarehouseProgress) => void;
}

async function withTarget<T>(
  target: SampleWarehouseTarget,
  work: (session: SeedSession) => Promise<T>,
): Promise<T> {
  if ("databaseUrl" in target) return withPostgresSession(target.databaseUrl, work);
  if ("pglite" in target) return withPGliteSession(target.pglite, work);
  const wasOpen = isSampleWarehouseOpen(target.dataDir);
  const db = await openSampleWarehouse(target.dataDir);
  try {
    return await withPGliteSession(db, work);
  } finally {
    if (!wasOpen) await closeSampleWarehouse(target.dataDir);
  }
}

/**
 * Generates the deterministic demo warehouse (accounts, orders, invoices, usage_events) into
 * `target`, streaming rows with COPY so memory stays flat at any size. All in one transaction:
 * it either completes or leaves the target untouched. Seeding the same options again is a no-op
 * (`status: "already_seeded"`); other options are refused unless `force: true`.
 * @example
 * const result = await generateSampleWarehouse(
 *   { databaseUrl: "postgres://localhost/warehouse" },
 *   { tenants: 1000, accountsPerTenant: 5, rowsPerAccount: 200 },
 *   { onProgress: (p) => console.error(p.rowsWritten, "/", p.totalRows) },
 * );
 */
export async function generateSampleWarehouse(
  target: SampleWarehouseTarget,
  options: SampleWarehouseOptions = {},
  hooks: GenerateSampleWarehouseHooks = {},
): Promise<SampleWarehouseResult> {
  const plan = planSampleWarehouse(options);
  // Timed from the open transaction to the commit: opening a PGlite folder (initdb on first use)
  // is start-up, not loading.
  let started = performance.now();
  const status = await withTarget(target, (session) => {
    started = performance.now();
    return seedSession(session, plan, options.force ?? false, hooks.onProgress);
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    status,
    rows: plan.rows,
    factRows: plan.factRows,
    totalRows: plan.totalRows,
    seconds,
    rowsPerSecond: status === "seeded" && seconds > 0 ? Math.round(plan.totalRows / seconds) : 0,
  };
}
