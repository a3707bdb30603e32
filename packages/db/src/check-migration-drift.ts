import { existsSync } from "node:fs";
import { readLocalMigrations } from "./internal/local-migrations.js";
import { defaultMigrationsDir, defaultSchemaPath } from "./internal/package-paths.js";
import {
  diffMigrationsAgainstSchema,
  readLockfile,
  toMigrationList,
} from "./internal/schema-engine.js";

export interface CheckMigrationDriftOptions {
  /** Defaults to this package's `prisma/schema.prisma`. */
  schemaPath?: string | undefined;
  /** Defaults to this package's `prisma/migrations`. */
  migrationsDir?: string | undefined;
}

export type MigrationDriftResult =
  | { hasDrift: false }
  | {
      hasDrift: true;
      /** The SQL a new migration would need to contain. */
      sql: string;
      /** A sentence to show a developer, naming the fix. */
      message: string;
    };

/**
 * Whether schema.prisma describes something the migrations do not produce (a schema change
 * without its migration, or a hand-edited migration). CI runs this through `db:migrate:check`.
 *
 * @example
 * const drift = await checkMigrationDrift();
 * if (drift.hasDrift) throw new Error(drift.message);
 */
export async function checkMigrationDrift(
  options: CheckMigrationDriftOptions = {},
): Promise<MigrationDriftResult> {
  const schemaPath = options.schemaPath ?? defaultSchemaPath();
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir();
  const migrations = existsSync(migrationsDir) ? await readLocalMigrations(migrationsDir) : [];
  const sql = await diffMigrationsAgainstSchema({
    schemaPath,
    migrations: toMigrationList(migrationsDir, migrations, await readLockfile(migrationsDir)),
  });
  if (sql === undefined) return { hasDrift: false };
  return {
    hasDrift: true,
    sql,
    message:
      `${schemaPath} differs from what the migrations in ${migrationsDir} produce. ` +
      "Create a migration for the change: pnpm --filter @embed/db db:migrate:new --name <what_changed>",
  };
}
