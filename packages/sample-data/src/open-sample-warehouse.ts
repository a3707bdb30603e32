import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";

interface OpenWarehouse {
  promise: Promise<PGlite>;
  db?: PGlite;
}

// PGlite cannot open one folder twice (two WASM Postgres instances would corrupt it), so every
// caller in this process shares one instance per folder.
const openWarehouses = new Map<string, OpenWarehouse>();

/** The folder holding the embedded warehouse for an app data dir: `<dataDir>/warehouse`. */
export function sampleWarehouseDir(dataDir: string): string {
  return resolve(join(dataDir, "warehouse"));
}

/** Whether this process currently holds an open warehouse for `dataDir`. */
export function isSampleWarehouseOpen(dataDir: string): boolean {
  const entry = openWarehouses.get(sampleWarehouseDir(dataDir));
  return entry !== undefined && !entry.db?.closed;
}

/**
 * Opens (creating if needed) the embedded PGlite warehouse at `<dataDir>/warehouse`. Repeated
 * calls for the same folder return the same instance until it is closed.
 * @example
 * const warehouse = await openSampleWarehouse(".data");
 * await seedDemoWarehouse({ pglite: warehouse });
 */
export function openSampleWarehouse(dataDir: string): Promise<PGlite> {
  const dir = sampleWarehouseDir(dataDir);
  const existing = openWarehouses.get(dir);
  // Decided synchronously, so two concurrent callers can never both start an instance.
  if (existing && !existing.db?.closed) return existing.promise;
  const entry: OpenWarehouse = {
    promise: mkdir(dir, { recursive: true }).then(() => PGlite.create(dir)),
  };
  entry.promise.then(
    (db) => {
      entry.db = db;
    },
    () => {
      if (openWarehouses.get(dir) === entry) openWarehouses.delete(dir);
    },
  );
  openWarehouses.set(dir, entry);
  return entry.promise;
}

/** Closes the shared warehouse instance for `dataDir`, if this process opened one. */
export async function closeSampleWarehouse(dataDir: string): Promise<void> {
  const dir = sampleWarehouseDir(dataDir);
  const entry = openWarehouses.get(dir);
  if (!entry) return;
  openWarehouses.delete(dir);
  const db = await entry.promise.catch(() => undefined);
  if (db && !db.closed) await db.close();
}
