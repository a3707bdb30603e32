import { randomBytes } from "node:crypto";
import { generateSampleWarehouse } from "@embed/sample-data";
import pg from "pg";

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://root@127.0.0.1:5432/test";

export interface ScratchDatabases {
  app: string;
  warehouse: string;
  drop(): Promise<void>;
}

/**
 * A scratch app database and a scratch warehouse holding generated sample data (the demo's size
 * by default); `drop()` removes both. Null when no PostgreSQL answers.
 */
export async function createScratchDatabases(
  sample?: Parameters<typeof generateSampleWarehouse>[1],
): Promise<ScratchDatabases | null> {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const names = ["app", "wh"].map(
    (kind) => `embed_bench_${kind}_${randomBytes(4).toString("hex")}`,
  );
  const [app, warehouse] = names.map((name) => {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    return url.toString();
  }) as [string, string];
  const drop = async () => {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  };
  try {
    for (const name of names) await admin.query(`CREATE DATABASE "${name}"`);
    await generateSampleWarehouse({ databaseUrl: warehouse }, sample);
    // Freshly loaded tables: settle statistics and visibility now, rather than have autovacuum
    // take a core in the middle of the measurements.
    const settle = new pg.Client({ connectionString: warehouse });
    await settle.connect();
    await settle.query("VACUUM ANALYZE");
    await settle.end();
  } catch (error) {
    await drop();
    throw error;
  }
  return { app, warehouse, drop };
}

/** Runs `run` on scratch databases, dropped afterwards; false when no PostgreSQL answers. */
export async function withScratchDatabases(
  run: (urls: { app: string; warehouse: string }) => Promise<void>,
  sample?: Parameters<typeof generateSampleWarehouse>[1],
): Promise<boolean> {
  const databases = await createScratchDatabases(sample);
  if (!databases) return false;
  try {
    await run(databases);
  } finally {
    await databases.drop();
  }
  return true;
}
