// The embedded PGlite served from a worker thread (internal/pglite-server.ts): what the app
// database and the embedded warehouse rely on. No timing: only order and outcomes.
import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateAppDatabase, openAppDatabase } from "../index.js";
import { acquirePglite, type PgliteLease } from "../internal/pglite-registry.js";
import { getSqlDriver } from "../internal/sql-driver-registry.js";
import { makeTempDir } from "./support/targets.js";

describe("PGlite in a worker thread", () => {
  let dir: { path: string; dispose(): Promise<void> };
  let lease: PgliteLease;

  beforeAll(async () => {
    dir = await makeTempDir("embed-pglite-server-");
    lease = await acquirePglite(join(dir.path, "db"));
    await lease.pool.query("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)");
  });

  afterAll(async () => {
    await lease?.release();
    await dir?.dispose();
  });

  it("answers queries over the PostgreSQL protocol, with parameters and types", async () => {
    await lease.pool.query("INSERT INTO items VALUES ($1, $2), ($3, $4)", [1, "one", 2, "two"]);
    const { rows } = await lease.pool.query<{ id: number; name: string; today: Date }>(
      "SELECT id, name, now() AS today FROM items WHERE id >= $1 ORDER BY id",
      [1],
    );
    expect(rows.map(({ id, name }) => [id, name])).toEqual([
      [1, "one"],
      [2, "two"],
    ]);
    expect(rows[0]?.today).toBeInstanceOf(Date);
    await lease.pool.query("DELETE FROM items");
  });

  it("shares one server and one pool per folder", async () => {
    const again = await acquirePglite(join(dir.path, ".", "db"));
    expect(again.pool).toBe(lease.pool);
    expect(again.connectionString).toBe(lease.connectionString);
    await again.release();
    // The first lease still holds it open.
    expect((await lease.pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });

  it("keeps a transaction apart: others wait for it and never see what it rolls back", async () => {
    const dataDir = join(dir.path, "isolation");
    const db = await openAppDatabase({ dataDir });
    try {
      const driver = getSqlDriver(db);
      await driver.transaction((tx) => tx.exec("CREATE TABLE t (v text)"));
      const events: string[] = [];
      let insideTransaction: () => void = () => undefined;
      const inserted = new Promise<void>((resolve) => {
        insideTransaction = resolve;
      });
      const failing = driver.transaction(async (tx) => {
        await tx.query("INSERT INTO t VALUES ('uncommitted')");
        insideTransaction();
        // Give the queries below every chance to run inside this transaction if they could.
        for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
        events.push("failing transaction ends");
        throw new Error("rolled back on purpose");
      });
      await inserted;
      const outside = driver
        .query<{ v: string }>({ name: "read_t", text: "SELECT v FROM t" }, [])
        .then((rows) => {
          events.push("outside read");
          return rows;
        });
      const other = driver.transaction(async (tx) => {
        events.push("second transaction starts");
        await tx.query("INSERT INTO t VALUES ('committed')");
      });

      await expect(failing).rejects.toThrow("rolled back on purpose");
      await other;
      expect(await outside).toEqual([]);
      expect(events[0]).toBe("failing transaction ends");
      const rows = await driver.query<{ v: string }>(
        { name: "read_t", text: "SELECT v FROM t" },
        [],
      );
      expect(rows).toEqual([{ v: "committed" }]);
    } finally {
      await db.close();
    }
  });

  it("passes errors on with their PostgreSQL code, and stays usable after them", async () => {
    await expect(lease.pool.query("SELEC nonsense")).rejects.toMatchObject({ code: "42601" });
    await expect(lease.pool.query("SELECT * FROM no_such_table")).rejects.toMatchObject({
      code: "42P01",
    });
    await lease.pool.query("INSERT INTO items VALUES (10, 'ten')");
    await expect(lease.pool.query("INSERT INTO items VALUES (10, 'again')")).rejects.toMatchObject({
      code: "23505",
    });
    // A failed statement inside a transaction aborts it; the rollback leaves the session clean.
    const client = await lease.pool.connect();
    try {
      await client.query("BEGIN");
      await expect(client.query("SELECT 1/0")).rejects.toMatchObject({ code: "22012" });
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect((await lease.pool.query("SELECT count(*)::int AS n FROM items")).rows).toEqual([
      { n: 1 },
    ]);
  });

  it("lets a replacement connection prepare the statements its predecessor had prepared", async () => {
    const statement = { name: "count_items", text: "SELECT count(*)::int AS n FROM items" };
    const first = await lease.pool.connect();
    await first.query(statement);
    // Discarded (as after an error): the next connection joins the same PGlite session.
    first.release(true);
    const second = await lease.pool.connect();
    try {
      expect((await second.query(statement)).rows).toEqual([{ n: 1 }]);
    } finally {
      second.release();
    }
  });

  it("is served on a Unix socket in a folder only this user can enter, not on a TCP port", async () => {
    const socketDir = new URL(lease.connectionString).searchParams.get("host") ?? "";
    expect(socketDir.startsWith("/")).toBe(true);
    expect((await stat(socketDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(socketDir, ".s.PGSQL.5432"))).isSocket()).toBe(true);
  });
});

describe("PGlite shutdown", () => {
  const script = fileURLToPath(new URL("./support/write-and-exit.ts", import.meta.url));
  const run = promisify(execFile);

  // Three PGlite starts (one initdb) in a row: slow on a busy machine, hence the long timeouts.
  it("closes cleanly when the process exits, and reopens with every committed row", {
    timeout: 300_000,
  }, async () => {
    const dir = await makeTempDir("embed-pglite-exit-");
    try {
      // A child process migrates, writes and exits with process.exit (as Next.js does on
      // SIGTERM), without closing anything itself.
      for (const email of ["first@example.com", "second@example.com"]) {
        await run(process.execPath, ["--import", "tsx", script, dir.path, email], {
          cwd: fileURLToPath(new URL("../..", import.meta.url)),
        });
      }
      const db = await openAppDatabase({ dataDir: dir.path });
      try {
        expect(await migrateAppDatabase(db)).toEqual({ applied: [] });
        const users = await db.prisma.user.findMany({
          select: { email: true },
          orderBy: { id: "asc" },
        });
        expect(users).toEqual([{ email: "first@example.com" }, { email: "second@example.com" }]);
        // The raw driver runs on the same pool.
        expect(getSqlDriver(db).kind).toBe("postgres");
      } finally {
        await db.close();
      }
    } finally {
      await dir.dispose();
    }
  });

  it("closes on release: the folder opens again afterwards", { timeout: 300_000 }, async () => {
    const dir = await makeTempDir("embed-pglite-release-");
    try {
      const first = await acquirePglite(join(dir.path, "db"));
      await first.pool.query("CREATE TABLE kept (v int); INSERT INTO kept VALUES (7)");
      await first.release();
      await expect(first.pool.query("SELECT 1")).rejects.toThrow();
      const second = await acquirePglite(join(dir.path, "db"));
      try {
        expect(second.pool).not.toBe(first.pool);
        expect((await second.pool.query("SELECT v FROM kept")).rows).toEqual([{ v: 7 }]);
      } finally {
        await second.release();
      }
    } finally {
      await dir.dispose();
    }
  });

  it("refuses a folder it cannot open, with the reason", async () => {
    // A file where the folder should be: PGlite cannot create its data directory there.
    const dir = await makeTempDir("embed-pglite-bad-");
    try {
      const { writeFile } = await import("node:fs/promises");
      await writeFile(join(dir.path, "file"), "not a folder");
      await expect(acquirePglite(join(dir.path, "file", "db"))).rejects.toThrow(
        /embedded database .* could not start/,
      );
    } finally {
      await dir.dispose();
    }
  });
});
