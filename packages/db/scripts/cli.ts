// Command-line entry points of @embed/db (see package.json scripts). Thin on purpose: each
// command parses its flags and calls one exported function.
//
//   db:migrate:new --name <name>                  write the next migration (offline)
//   db:migrate:check                              fail when schema.prisma has no migration
//   db:migrate [--database-url <url>] [--data-dir <dir>]   apply pending migrations
//   seed [--database-url <url>] [--data-dir <dir>]         migrate, then seed the demo configuration
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  type AppDatabase,
  checkMigrationDrift,
  createMigration,
  MigrationError,
  migrateAppDatabase,
  openAppDatabase,
  seedDemoConfig,
} from "../src/index.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
// The repository root's .data, where the analytics server keeps its embedded databases.
const defaultDataDir = resolve(packageDir, "../../.data");

const [command, ...rest] = process.argv.slice(2);

async function withDatabase(args: string[], fn: (db: AppDatabase) => Promise<void>) {
  const { values } = parseArgs({
    args,
    options: { "database-url": { type: "string" }, "data-dir": { type: "string" } },
  });
  const db = await openAppDatabase({
    databaseUrl: values["database-url"],
    dataDir: values["data-dir"] ? resolve(values["data-dir"]) : defaultDataDir,
    log: console,
  });
  try {
    const { applied } = await migrateAppDatabase(db, { log: console });
    if (applied.length === 0) console.info(`The ${db.kind} app database is up to date.`);
    await fn(db);
  } finally {
    await db.close();
  }
}

async function main(): Promise<number> {
  switch (command) {
    case "migrate:new": {
      const { values } = parseArgs({ args: rest, options: { name: { type: "string" } } });
      if (!values.name) {
        console.error("Usage: pnpm --filter @embed/db db:migrate:new --name <what_changed>");
        return 2;
      }
      const result = await createMigration({ name: values.name });
      if (!result.created) {
        console.info("No changes: schema.prisma and the migrations already agree.");
        return 0;
      }
      console.info(`Created ${result.migrationDir}\n\n${result.sql}`);
      return 0;
    }
    case "migrate:check": {
      const drift = await checkMigrationDrift();
      if (!drift.hasDrift) {
        console.info("No drift: the migrations produce exactly schema.prisma.");
        return 0;
      }
      console.error(`Migration drift. ${drift.message}\n\nMissing SQL:\n${drift.sql}`);
      return 1;
    }
    case "migrate":
      await withDatabase(rest, async () => {});
      return 0;
    case "seed":
      await withDatabase(rest, async (db) => {
        const result = await seedDemoConfig(db.prisma, {
          warehouse: { kind: "embedded_sample" },
          isProduction: false,
        });
        console.info(`Seeded the demo configuration (dashboard ${result.dashboardId}).`);
      });
      return 0;
    default:
      console.error("Commands: migrate:new --name <name> | migrate:check | migrate | seed");
      return 2;
  }
}

// Exit explicitly: the WASM schema engine leaves an idle timer behind that would keep the
// process alive for another ten seconds after the work is done.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof MigrationError ? error.message : error);
    process.exit(1);
  },
);
