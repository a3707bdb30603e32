import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  MIGRATION_LOCK_CONTENTS,
  MIGRATION_LOCK_FILE,
  readLocalMigrations,
} from "./internal/local-migrations.js";
import { defaultMigrationsDir, defaultSchemaPath } from "./internal/package-paths.js";
import {
  diffMigrationsAgainstSchema,
  readLockfile,
  toMigrationList,
} from "./internal/schema-engine.js";

export interface CreateMigrationOptions {
  /** What the migration does, e.g. `add_session_kind`; becomes `<timestamp>_<name>`. */
  name: string;
  /** Defaults to this package's `prisma/schema.prisma`. */
  schemaPath?: string | undefined;
  /** Defaults to this package's `prisma/migrations`. */
  migrationsDir?: string | undefined;
  /** The clock, for the folder's timestamp. */
  now?: Date | undefined;
}

export type CreateMigrationResult =
  | { created: false }
  | { created: true; migrationName: string; migrationDir: string; sql: string };

/**
 * Writes the next migration (Prisma's layout: `<timestamp>_<name>/migration.sql`) offline, like
 * `prisma migrate dev --create-only`: the existing migrations are replayed into an in-memory
 * PGlite database and diffed against the schema with Prisma's WASM schema engine. Returns
 * `{ created: false }` when the schema and the migrations already agree.
 *
 * @example
 * const result = await createMigration({ name: "add_dashboard_owner" });
 * if (result.created) console.log(`wrote ${result.migrationDir}`);
 */
export async function createMigration(
  options: CreateMigrationOptions,
): Promise<CreateMigrationResult> {
  const slug = toMigrationSlug(options.name);
  const schemaPath = options.schemaPath ?? defaultSchemaPath();
  const migrationsDir = options.migrationsDir ?? defaultMigrationsDir();
  const existing = existsSync(migrationsDir) ? await readLocalMigrations(migrationsDir) : [];
  const sql = await diffMigrationsAgainstSchema({
    schemaPath,
    migrations: toMigrationList(migrationsDir, existing, await readLockfile(migrationsDir)),
  });
  if (sql === undefined) return { created: false };

  const timestamp = nextTimestamp(options.now ?? new Date(), existing.at(-1)?.name);
  const migrationName = `${timestamp}_${slug}`;
  const migrationDir = join(migrationsDir, migrationName);
  await mkdir(migrationDir, { recursive: true });
  await writeFile(join(migrationDir, "migration.sql"), sql);
  const lockfile = join(migrationsDir, MIGRATION_LOCK_FILE);
  if (!existsSync(lockfile)) await writeFile(lockfile, MIGRATION_LOCK_CONTENTS);
  return { created: true, migrationName, migrationDir, sql };
}

function toMigrationSlug(name: string): string {
  const slug = name
    .trim()
    .replaceAll(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replaceAll(/[^a-z0-9]+/g, "_")
    .replaceAll(/^_+|_+$/g, "");
  if (!slug)
    throw new Error(`"${name}" is not usable as a migration name: use letters and digits.`);
  return slug;
}

/** `YYYYMMDDHHMMSS` in UTC, later than the latest existing migration so the order holds. */
function nextTimestamp(now: Date, latestName: string | undefined): string {
  let candidate = formatTimestamp(now);
  const latest = latestName?.slice(0, 14);
  if (latest && /^\d{14}$/.test(latest) && candidate <= latest) {
    candidate = String(BigInt(latest) + 1n);
  }
  return candidate;
}

function formatTimestamp(date: Date): string {
  const parts = [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  ];
  return parts.map((part) => String(part).padStart(2, "0")).join("");
}
