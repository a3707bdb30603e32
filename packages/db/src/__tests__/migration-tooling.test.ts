// createMigration and checkMigrationDrift: Prisma's WASM schema engine against a shadow PGlite.
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  checkMigrationDrift,
  createMigration,
  migrateAppDatabase,
  openAppDatabase,
} from "../index.js";
import { makeTempDir } from "./support/targets.js";

const PRISMA_DIR = fileURLToPath(new URL("../../prisma", import.meta.url));

describe("migration tooling", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A copy of prisma/ whose User model has one more column than the migrations create. */
  async function copyWithExtraField() {
    const dir = await makeTempDir("embed-db-schema-");
    cleanups.push(dir.dispose);
    await cp(PRISMA_DIR, dir.path, { recursive: true });
    const schemaPath = join(dir.path, "schema.prisma");
    const schema = await readFile(schemaPath, "utf8");
    const changed = schema.replace(
      /model User \{\n/,
      'model User {\n  nickname     String?   @map("nick_name")\n',
    );
    expect(changed).not.toBe(schema);
    await writeFile(schemaPath, changed);
    return { schemaPath, migrationsDir: join(dir.path, "migrations"), root: dir.path };
  }

  it("finds no drift between schema.prisma and the committed migrations", async () => {
    expect(await checkMigrationDrift()).toEqual({ hasDrift: false });
  });

  it("reports drift, with the missing SQL, for a schema change without a migration", async () => {
    const { schemaPath } = await copyWithExtraField();

    const drift = await checkMigrationDrift({ schemaPath });

    expect(drift.hasDrift).toBe(true);
    if (!drift.hasDrift) return;
    expect(drift.sql).toContain('ALTER TABLE "users" ADD COLUMN     "nick_name" TEXT');
    expect(drift.message).toContain("db:migrate:new");
  });

  it("creates the next migration offline, which the runtime then applies", async () => {
    const { schemaPath, migrationsDir, root } = await copyWithExtraField();
    const now = new Date("2999-01-02T03:04:05Z");

    const result = await createMigration({ name: "Add nickname", schemaPath, migrationsDir, now });

    expect(result).toMatchObject({ created: true, migrationName: "29990102030405_add_nickname" });
    if (!result.created) return;
    const written = await readFile(join(result.migrationDir, "migration.sql"), "utf8");
    expect(written).toBe(result.sql);
    expect(written).toContain('"nick_name" TEXT');
    expect(await checkMigrationDrift({ schemaPath, migrationsDir })).toEqual({ hasDrift: false });
    expect(await createMigration({ name: "again", schemaPath, migrationsDir, now })).toEqual({
      created: false,
    });

    const db = await openAppDatabase({ dataDir: join(root, "data") });
    cleanups.push(() => db.close());
    const { applied } = await migrateAppDatabase(db, { migrationsDir });
    expect(applied.at(-1)).toBe("29990102030405_add_nickname");
    const columns = await db.prisma.$queryRaw<{ column_name: string }[]>`
      SELECT column_name FROM information_schema.columns
       WHERE table_name = 'users' AND column_name = 'nick_name'`;
    expect(columns).toHaveLength(1);
  });

  it("refuses a migration name with nothing usable in it", async () => {
    await expect(createMigration({ name: " -- " })).rejects.toThrow(
      /not usable as a migration name/,
    );
  });
});
