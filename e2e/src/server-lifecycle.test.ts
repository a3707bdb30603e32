import { once } from "node:events";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, describe, expect, it } from "vitest";
import { findFreePort, startApp } from "../../scripts/lib/processes.mjs";
import { makeDataDir, removeDataDirs, startAnalyticsInstance } from "./support/analytics-instance";

afterEach(removeDataDirs);

const productionEnv = (dataDir: string) => ({
  NODE_ENV: "production",
  EMBED_DATA_DIR: dataDir,
  EMBED_SEED_DEMO: "true",
  EMBED_JWT_SHARED_SECRET: "lifecycle-test-sso-secret-long-enough-000",
  EMBED_GUEST_EMBED_SECRET: "lifecycle-test-embed-secret-long-enough-00",
  EMBED_ADMIN_EMAIL: "admin@lifecycle.test",
  EMBED_ADMIN_PASSWORD: "lifecycle-admin-password",
});

async function count(db: PGlite, table: string) {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]?.n;
}

describe("analytics server start-up", () => {
  it("seeds the demo once: a second start on the same data leaves one copy", async () => {
    const dataDir = makeDataDir();
    await (await startAnalyticsInstance(productionEnv(dataDir), dataDir)).stop();
    await (await startAnalyticsInstance(productionEnv(dataDir), dataDir)).stop();

    const app = await PGlite.create(path.join(dataDir, "app"));
    const warehouse = await PGlite.create(path.join(dataDir, "warehouse"));
    try {
      expect(await count(app, "_prisma_migrations")).toBeGreaterThan(0);
      expect(await count(app, "dashboards")).toBe(1);
      expect(await count(app, "users")).toBe(1); // the bootstrapped admin, once
      const groups = await app.query<{ name: string }>("SELECT name FROM groups ORDER BY name");
      expect(groups.rows.map((row) => row.name)).toEqual([
        "Administrators",
        "Customers",
        "Tenants",
      ]);
      const accounts = await warehouse.query<{ tenant_id: number; ids: number[] }>(
        "SELECT tenant_id, array_agg(account_id ORDER BY account_id) AS ids FROM accounts GROUP BY tenant_id ORDER BY tenant_id",
      );
      expect(accounts.rows).toEqual([
        { tenant_id: 777, ids: [4, 5] },
        { tenant_id: 999, ids: [1, 2, 3] },
      ]);
    } finally {
      await Promise.all([app.close(), warehouse.close()]);
    }
  });

  it("refuses to start when a migration fails, leaving the database as it was", async () => {
    const dataDir = makeDataDir();
    // A database that already holds a `users` table of another shape: the first migration's
    // CREATE TABLE "users" fails half-way through.
    const before = await PGlite.create(path.join(dataDir, "app"));
    await before.exec(`CREATE TABLE "users" (legacy_id int); INSERT INTO "users" VALUES (42);`);
    await before.close();

    const port = await findFreePort();
    const app = startApp({ app: "analytics", port, env: productionEnv(dataDir), quiet: true });
    const [exitCode] = await once(app.child, "exit");
    expect(exitCode).toBe(1);
    const output = app.output.join("");
    expect(output).toMatch(/migration "?\d+_init"? failed/i);
    expect(output).toMatch(/already exists/);

    const after = await PGlite.create(path.join(dataDir, "app"));
    try {
      const tables = await after.query<{ tablename: string }>(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
      );
      expect(tables.rows.map((row) => row.tablename)).toEqual(["users"]);
      expect((await after.query("SELECT legacy_id FROM users")).rows).toEqual([{ legacy_id: 42 }]);
      const finished = await after
        .query<{ n: number }>(
          "SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL",
        )
        .catch(() => ({ rows: [{ n: 0 }] }));
      expect(finished.rows[0]?.n).toBe(0);
    } finally {
      await after.close();
    }
  });
});
