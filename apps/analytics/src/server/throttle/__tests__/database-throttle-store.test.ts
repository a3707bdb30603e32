import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type AppDatabase, migrateAppDatabase, openAppDatabase } from "@embed/db";
import { createScratchPostgres, type ScratchPostgres } from "@embed/testing/scratch-postgres";
import { createDatabaseThrottleStore } from "../database-throttle-store";
import { describeThrottleStoreContract, type ThrottleStoreTarget } from "./throttle-store-contract";

function databaseTarget(name: string, options: () => Promise<{ databaseUrl?: string }>) {
  let db: AppDatabase | undefined;
  let dataDir: string | undefined;
  return {
    name,
    async open() {
      dataDir = await mkdtemp(path.join(tmpdir(), "embed-throttle-"));
      db = await openAppDatabase({ ...(await options()), dataDir });
      await migrateAppDatabase(db);
      return createDatabaseThrottleStore(db.prisma);
    },
    async reset() {
      await db?.prisma.loginThrottle.deleteMany();
    },
    async close() {
      await db?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  } satisfies ThrottleStoreTarget;
}

describeThrottleStoreContract(databaseTarget("app database on PGlite", async () => ({})));

let scratch: ScratchPostgres | undefined;
const postgres = databaseTarget("app database on PostgreSQL", async () => {
  scratch = await createScratchPostgres("analytics-throttle");
  return { databaseUrl: scratch.url };
});
describeThrottleStoreContract({
  ...postgres,
  async close() {
    await postgres.close();
    await scratch?.teardown();
  },
});
