import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { inject } from "vitest";
import type { OpenAppDatabaseOptions } from "../../index.js";
import { acquirePglite, type PgliteLease } from "../../internal/pglite-registry.js";

/** A database engine the contract suite runs on. */
export interface DbTarget {
  name: string;
  /** Whether two connections are two sessions (so advisory locks exclude each other). */
  hasIndependentSessions: boolean;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** Empties the target's database and says how to open it. */
  createEmptyDatabase(): Promise<OpenAppDatabaseOptions>;
}

// Emptying = recreating the public schema, where everything of the app database lives
// (including `_prisma_migrations`). Much faster than a new database per test, which for PGlite
// means a 2-3 s initdb.
const RESET_SQL = "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;";

export async function makeTempDir(
  prefix: string,
): Promise<{ path: string; dispose(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, dispose: () => rm(path, { recursive: true, force: true }) };
}

/**
 * Embedded PGlite on disk, in a temporary folder for the test file. The target holds a lease
 * on the folder's instance for the whole file, so each `openAppDatabase` joins it (the per-path
 * singleton) instead of booting PostgreSQL again.
 */
export function pgliteTarget(): DbTarget {
  let dir: { path: string; dispose(): Promise<void> } | undefined;
  let lease: PgliteLease | undefined;
  return {
    name: "PGlite (embedded, on disk)",
    // Every open of one folder shares one PGlite server and its one connection, which
    // serialises transactions.
    hasIndependentSessions: true,
    async setup() {
      dir = await makeTempDir("embed-db-test-");
      lease = await acquirePglite(join(dir.path, "app"));
    },
    async teardown() {
      await lease?.release();
      await dir?.dispose();
    },
    async createEmptyDatabase() {
      if (!dir || !lease) throw new Error("pgliteTarget.setup() has not run");
      // On a fresh connection afterwards, as each open gets on PostgreSQL: statements the old
      // one prepared name types that the reset dropped.
      const client = await lease.pool.connect();
      try {
        await client.query(RESET_SQL);
      } finally {
        client.release(true);
      }
      return { dataDir: dir.path };
    },
  };
}

/**
 * PostgreSQL through the `pg` driver, on the run's scratch database from global-setup.ts. The
 * suite's tests on it run one after another, as tests within one file do.
 */
export function postgresTarget(): DbTarget {
  const { url, server } = inject("postgresTarget");
  let dir: { path: string; dispose(): Promise<void> } | undefined;
  return {
    name: `PostgreSQL via pg (${server})`,
    hasIndependentSessions: server === "postgresql",
    async setup() {
      dir = await makeTempDir("embed-db-test-pg-");
    },
    async teardown() {
      await dir?.dispose();
    },
    async createEmptyDatabase() {
      if (!dir) throw new Error("postgresTarget.setup() has not run");
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(RESET_SQL);
      } finally {
        await client.end();
      }
      return { databaseUrl: url, dataDir: dir.path };
    },
  };
}
