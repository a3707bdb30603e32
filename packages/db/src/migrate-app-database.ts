import { randomUUID } from "node:crypto";
import {
  type LocalMigration,
  matchesChecksum,
  readLocalMigrations,
} from "./internal/local-migrations.js";
import { defaultMigrationsDir } from "./internal/package-paths.js";
import type { SqlExecutor } from "./internal/sql-driver.js";
import { getSqlDriver } from "./internal/sql-driver-registry.js";
import { MigrationError } from "./migration-error.js";
import type { AppDatabase, AppDatabaseLogger } from "./open-app-database.js";

export interface MigrateAppDatabaseOptions {
  /** Defaults to the `prisma/migrations` folder shipped with this package. */
  migrationsDir?: string | undefined;
  log?: AppDatabaseLogger | undefined;
}

export interface MigrateAppDatabaseResult {
  /** The migrations this call applied, in order; empty when the database was up to date. */
  applied: string[];
}

// The key Prisma's own migrate commands lock on, so this runner and a concurrent
// `prisma migrate deploy` exclude each other too.
const MIGRATION_LOCK_KEY = 72707369;

// Prisma's migrations table, exactly as Prisma creates it: `prisma migrate deploy` must read our
// bookkeeping as its own.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow extends Record<string, unknown> {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies the pending migrations, each in its own transaction: a migration that fails is rolled
 * back entirely (PostgreSQL DDL is transactional) and a `MigrationError` says the server must not
 * start. Bookkeeping is Prisma's `_prisma_migrations` table, so the ordinary Prisma CLI sees the
 * same history. No schema engine is needed at runtime.
 *
 * @example
 * const { applied } = await migrateAppDatabase(db, { log: console });
 */
export async function migrateAppDatabase(
  db: AppDatabase,
  options: MigrateAppDatabaseOptions = {},
): Promise<MigrateAppDatabaseResult> {
  const driver = getSqlDriver(db);
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir();
  const local = await readLocalMigrations(migrationsDir);
  const applied: string[] = [];

  for (;;) {
    // One transaction per migration. The state is re-read under the lock every time, so a second
    // server that waited on the lock sees what the first one applied and does not repeat it.
    const name = await driver.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
      await tx.exec(CREATE_MIGRATIONS_TABLE);
      const rows = await tx.query<AppliedRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at
           FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
      );
      const next = findNextMigration(local, rows);
      if (!next) return undefined;
      await applyMigration(tx, next);
      return next.name;
    });
    if (name === undefined) break;
    options.log?.info(`Applied app database migration ${name}`);
    applied.push(name);
  }
  return { applied };
}

/** Checks the recorded history against the local migrations and picks the first pending one. */
function findNextMigration(
  local: LocalMigration[],
  rows: AppliedRow[],
): LocalMigration | undefined {
  const localByName = new Map(local.map((migration) => [migration.name, migration]));
  for (const row of rows) {
    const migration = localByName.get(row.migration_name);
    if (!migration) {
      throw new MigrationError(
        "migration_unknown",
        `The app database has migration "${row.migration_name}" applied, but this version of the ` +
          "server does not have it (was the database migrated by a newer version?). " +
          "The server will not start: run the version that created it, or restore a matching backup.",
        { migrationName: row.migration_name },
      );
    }
    if (row.finished_at === null) {
      throw new MigrationError(
        "migration_incomplete",
        `Migration "${row.migration_name}" is recorded as started but never finished ` +
          "(it failed under another migration tool). The server will not start: repair the database, " +
          `then run \`prisma migrate resolve --rolled-back ${row.migration_name}\`.`,
        { migrationName: row.migration_name },
      );
    }
    if (!matchesChecksum(migration.sql, row.checksum)) {
      throw new MigrationError(
        "migration_checksum_mismatch",
        `Migration "${row.migration_name}" was modified after it was applied to the app database ` +
          "(its checksum changed). The server will not start: restore the original migration.sql " +
          "and put the change in a new migration.",
        { migrationName: row.migration_name },
      );
    }
  }
  const appliedNames = new Set(rows.map((row) => row.migration_name));
  return local.find((migration) => !appliedNames.has(migration.name));
}

async function applyMigration(tx: SqlExecutor, migration: LocalMigration): Promise<void> {
  try {
    await tx.exec(migration.sql);
  } catch (error) {
    throw new MigrationError(
      "migration_failed",
      `Migration "${migration.name}" failed and was rolled back; the app database is unchanged. ` +
        `The server will not start until this is fixed. Database error: ${describeDatabaseError(error)}`,
      { migrationName: migration.name, cause: error },
    );
  }
  await tx.query(
    `INSERT INTO "_prisma_migrations"
       (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
     VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, now(), 1)`,
    [randomUUID(), migration.checksum, migration.name],
  );
}

function describeDatabaseError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code } = error as { code?: unknown };
  return typeof code === "string" ? `${error.message} (SQLSTATE ${code})` : error.message;
}
