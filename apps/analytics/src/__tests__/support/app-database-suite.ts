import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type AppDatabase, migrateAppDatabase, openAppDatabase } from "@embed/db";
import { createScratchPostgres, type ScratchPostgres } from "@embed/testing/scratch-postgres";
import { afterAll, beforeAll, describe } from "vitest";

/** Where `getAppDatabase()` finds the database (server/db/app-database.ts). */
const APP_DATABASE_KEY = Symbol.for("embed.analytics.appDatabase");

/** The two app databases every server domain suite runs against. */
const TARGETS = [
  { name: "PGlite", open: async () => ({ scratch: undefined }) },
  {
    name: "PostgreSQL",
    open: async (label: string) => {
      const scratch = await createScratchPostgres(`analytics-${label}`);
      return { scratch, databaseUrl: scratch.url };
    },
  },
] as const;

/**
 * The contract-suite pattern of the packages, for the server's domain code: `body` runs once on
 * embedded PGlite and once on a scratch PostgreSQL database, each freshly migrated and installed
 * as the server's app database. `label` names the scratch database (letters, digits, dashes).
 */
export function describeOnAppDatabases(
  title: string,
  label: string,
  body: (database: () => AppDatabase) => void,
) {
  for (const target of TARGETS) {
    describe(`${title} (${target.name})`, { timeout: 60_000 }, () => {
      let db: AppDatabase;
      let dataDir: string;
      let scratch: ScratchPostgres | undefined;
      beforeAll(async () => {
        dataDir = await mkdtemp(path.join(tmpdir(), `embed-${label}-`));
        const opened = await target.open(label);
        scratch = opened.scratch;
        db = await openAppDatabase({
          dataDir,
          ...("databaseUrl" in opened ? { databaseUrl: opened.databaseUrl } : {}),
        });
        await migrateAppDatabase(db);
        (globalThis as Record<symbol, unknown>)[APP_DATABASE_KEY] = Promise.resolve(db);
      }, 120_000);
      afterAll(async () => {
        delete (globalThis as Record<symbol, unknown>)[APP_DATABASE_KEY];
        await db?.close();
        await rm(dataDir, { recursive: true, force: true });
        await scratch?.teardown();
      }, 60_000);
      body(() => db);
    });
  }
}
