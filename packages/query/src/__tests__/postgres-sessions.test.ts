import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it, type MockInstance, vi } from "vitest";
import {
  compileNativeQuery,
  compileQuery,
  createPostgresDriver,
  type DataPolicy,
  executeQuery,
  QueryError,
  type Statement,
  type WarehouseDriver,
  type WarehouseMetadata,
} from "../index";

// The PostgreSQL driver's one-statement path: a pooled connection's session is set read-only, UTC
// and to the budget, and raw SQL (which could change that) keeps its rolled-back transaction.
// Only against a real server: PGlite behind a socket shares one session between all connections
// and cannot cancel a statement.
const isPostgres = inject("postgresBackend") === "postgres";

const metadata: WarehouseMetadata = {
  tables: [
    {
      name: "lean_victims",
      schema: "public",
      displayName: "Victims",
      columns: [
        { name: "id", displayName: "ID", databaseType: "integer", semanticType: "id" },
        { name: "tenant_id", displayName: "Tenant", databaseType: "integer", semanticType: "id" },
      ],
    },
  ],
};
const tenant1: DataPolicy = {
  tables: {
    lean_victims: {
      level: "sandboxed",
      rowFilters: [{ kind: "column_attribute", column: "tenant_id", value: 1 }],
      visibleColumns: null,
    },
  },
};
const countVictims = compileQuery(
  { source: "lean_victims", aggregations: [["count"]] },
  { metadata, policy: tenant1, maxRows: 10 },
);

/** A statement as the compiler marks its own SQL. */
const lean = (sql: string): Statement => ({ sql, parameters: [], hasRawSql: false });
const native = (sql: string) => compileNativeQuery(sql, {}, { maxRows: 10 });
const SETTINGS = lean(
  "SELECT current_setting('transaction_read_only'), current_setting('statement_timeout'), current_setting('TimeZone'), pg_backend_pid()",
);
const WRITES = [
  "WITH d AS (DELETE FROM lean_victims RETURNING 1) SELECT count(*) FROM d",
  "SELECT lean_make_table()",
];

describe.skipIf(!isPostgres)("PostgreSQL sessions set up per connection", () => {
  const connectionString = inject("postgresUrl");
  const admin = new pg.Client({ connectionString });
  let driver: WarehouseDriver;
  // Every statement a pg client sends in this file; the drivers' pools use pg.Client.
  let query: MockInstance<pg.Client["query"]>;

  /** The SQL of each statement the pooled connections sent while `work` ran. */
  async function sentDuring<T>(work: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
    query.mockClear();
    const result = await work();
    const sent = query.mock.calls.map(([config]) =>
      typeof config === "string" ? config : (config as { text: string }).text,
    );
    return { result, sent };
  }

  async function isStillRunning(marker: string): Promise<boolean> {
    for (let i = 0; i < 50; i++) {
      const { rows } = await admin.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE $1 AND state = 'active' AND pid <> pg_backend_pid()",
        [`%${marker}%`],
      );
      if (rows[0]?.n === 0) return false;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return true;
  }

  beforeAll(async () => {
    query = vi.spyOn(pg.Client.prototype, "query");
    await admin.connect();
    await admin.query(`
      DROP TABLE IF EXISTS lean_victims, lean_created;
      CREATE TABLE lean_victims (id int PRIMARY KEY, tenant_id int NOT NULL);
      INSERT INTO lean_victims VALUES (1, 1), (2, 1), (3, 2);
      CREATE OR REPLACE FUNCTION lean_make_table() RETURNS int LANGUAGE plpgsql AS $$
        BEGIN CREATE TABLE lean_created (a int); RETURN 1; END $$;
    `);
    // The function really writes wherever writing is allowed.
    await admin.query("BEGIN");
    await admin.query("SELECT lean_make_table()");
    await admin.query("ROLLBACK");
    driver = createPostgresDriver({ connectionString, poolSize: 1 });
  });
  afterAll(async () => {
    query.mockRestore();
    await driver?.close();
    const { rows } = await admin.query(
      "SELECT count(*)::int AS n, to_regclass('lean_created') IS NULL AS gone FROM lean_victims",
    );
    await admin.query("DROP TABLE lean_victims; DROP FUNCTION lean_make_table()");
    await admin.end();
    // Nothing the attacks tried was written.
    expect(rows).toEqual([{ n: 3, gone: true }]);
  });

  it("sends a compiler-only statement alone once its connection is set up, read-only, in UTC", async () => {
    const fresh = createPostgresDriver({ connectionString, poolSize: 1 });
    try {
      // First use: the session's setup, pipelined in front of the statement (one round trip).
      const first = await sentDuring(() => fresh.execute(SETTINGS, { timeoutMs: 4321 }));
      expect(first.sent).toHaveLength(2);
      expect(first.sent[1]).toBe(SETTINGS.sql);
      const pid = first.result.rows[0]?.[3];
      expect(first.result.rows).toEqual([["on", "4321ms", "UTC", pid]]);
      // Steady state: the statement is the only one sent (before: BEGIN, setup, it, ROLLBACK).
      for (let i = 0; i < 3; i++) {
        const again = await sentDuring(() => fresh.execute(SETTINGS, { timeoutMs: 4321 }));
        expect(again.sent).toEqual([SETTINGS.sql]);
        expect(again.result.rows).toEqual([["on", "4321ms", "UTC", pid]]);
      }
      expect(countVictims.hasRawSql).toBe(false);
      const structured = await sentDuring(() =>
        executeQuery(fresh, countVictims, { timeoutMs: 4321 }),
      );
      expect(structured.sent).toEqual([countVictims.sql]);
      expect(structured.result.rows).toEqual([[2]]);
    } finally {
      await fresh.close();
    }
  });

  it("sets the session up again when the time budget changes", async () => {
    await driver.execute(SETTINGS, { timeoutMs: 4321 });
    const changed = await sentDuring(() => driver.execute(SETTINGS, { timeoutMs: 6543 }));
    expect(changed.sent).toHaveLength(2);
    expect(changed.result.rows[0]?.slice(0, 2)).toEqual(["on", "6543ms"]);
    const same = await sentDuring(() => driver.execute(SETTINGS, { timeoutMs: 6543 }));
    expect(same.sent).toEqual([SETTINGS.sql]);
    const back = await sentDuring(() => driver.execute(SETTINGS, { timeoutMs: 4321 }));
    expect(back.sent).toHaveLength(2);
    expect(back.result.rows[0]?.slice(0, 2)).toEqual(["on", "4321ms"]);
  });

  it("runs raw SQL, or a statement without the flag, in its own transaction with its own budget", async () => {
    await driver.execute(SETTINGS, { timeoutMs: 4321 });
    const probe = "SELECT current_setting('statement_timeout'), current_setting('TimeZone')";
    for (const statement of [native(probe), { sql: probe, parameters: [] }]) {
      const raw = await sentDuring(() => driver.execute(statement, { timeoutMs: 9876 }));
      expect(raw.sent).toEqual([
        "BEGIN READ ONLY",
        expect.stringContaining("set_config('statement_timeout', $1, true)"),
        statement.sql,
        "ROLLBACK",
      ]);
      expect(raw.result.rows).toEqual([["9876ms", "UTC"]]);
    }
    // The session kept its own setup: the next compiler-only statement is still sent alone.
    const after = await sentDuring(() => driver.execute(SETTINGS, { timeoutMs: 4321 }));
    expect(after.sent).toEqual([SETTINGS.sql]);
    expect(after.result.rows[0]?.slice(0, 2)).toEqual(["on", "4321ms"]);
  });

  it("native SQL cannot switch the session's read-only mode off for the next caller", async () => {
    const [[, , , pid]] = (await driver.execute(SETTINGS, { timeoutMs: 4321 })).rows as [unknown[]];
    // The attack runs (inside its transaction) …
    const attack = await executeQuery(
      driver,
      native("SELECT set_config('default_transaction_read_only', 'off', false)"),
    );
    expect(attack.rows).toEqual([["off"]]);
    // … and is undone: native writes that follow are still refused,
    for (const write of WRITES) {
      await expect(executeQuery(driver, native(write))).rejects.toMatchObject({
        code: "warehouse_error",
      });
    }
    // and so is the one-statement path on the same connection, with no setup sent again: even SQL
    // that could write, mislabelled as the compiler's, finds the session read-only.
    const settings = await sentDuring(() => driver.execute(SETTINGS, { timeoutMs: 4321 }));
    expect(settings.sent).toEqual([SETTINGS.sql]);
    expect(settings.result.rows).toEqual([["on", "4321ms", "UTC", pid]]);
    for (const write of WRITES) {
      const refused = sentDuring(() => driver.execute(lean(write), { timeoutMs: 4321 }));
      await expect(refused).rejects.toBeInstanceOf(QueryError);
    }
    const structured = await sentDuring(() =>
      executeQuery(driver, countVictims, { timeoutMs: 4321 }),
    );
    expect(structured.sent).toEqual([countVictims.sql]);
    expect(structured.result.rows).toEqual([[2]]);
  });

  it("native SQL cannot lift the session's statement_timeout for the next caller", async () => {
    await driver.execute(SETTINGS, { timeoutMs: 4321 });
    const attack = await executeQuery(
      driver,
      native(
        "SELECT set_config('statement_timeout', '0', false), set_config('TimeZone', 'Asia/Tokyo', false)",
      ),
    );
    expect(attack.rows).toEqual([["0", "Asia/Tokyo"]]);
    const settings = await sentDuring(() => driver.execute(SETTINGS, { timeoutMs: 4321 }));
    expect(settings.sent).toEqual([SETTINGS.sql]);
    expect(settings.result.rows[0]?.slice(0, 3)).toEqual(["on", "4321ms", "UTC"]);
    const structured = await sentDuring(() =>
      executeQuery(driver, countVictims, { timeoutMs: 4321 }),
    );
    expect(structured.sent).toEqual([countVictims.sql]);
  });

  it("streams in its own transaction and budget on a set-up connection, and leaves the session as it was", async () => {
    await driver.execute(SETTINGS, { timeoutMs: 4321 });
    const cursor = await driver.stream(
      native(
        "SELECT current_setting('statement_timeout'), current_setting('transaction_read_only'), set_config('default_transaction_read_only', 'off', false)",
      ),
      { timeoutMs: 7777 },
    );
    try {
      expect(await cursor.read()).toEqual([["7777ms", "on", "off"]]);
    } finally {
      await cursor.close();
    }
    const settings = await sentDuring(() => driver.execute(SETTINGS, { timeoutMs: 4321 }));
    expect(settings.sent).toEqual([SETTINGS.sql]);
    expect(settings.result.rows[0]?.slice(0, 3)).toEqual(["on", "4321ms", "UTC"]);
    for (const write of WRITES) {
      await expect(driver.execute(lean(write), { timeoutMs: 4321 })).rejects.toBeInstanceOf(
        QueryError,
      );
    }
  });

  it("an abort on the one-statement path cancels on the server and discards the connection", async () => {
    const [[, , , pid]] = (await driver.execute(SETTINGS)).rows as [unknown[]];
    const controller = new AbortController();
    const marker = `lean_abort_${Date.now()}`;
    const sent = sentDuring(() =>
      driver.execute(lean(`SELECT pg_sleep(10), '${marker}'`), { signal: controller.signal }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    await expect(sent).rejects.toMatchObject({ code: "query_cancelled" });
    expect(await isStillRunning(marker)).toBe(false);
    // A new connection, set up afresh.
    const next = await sentDuring(() => driver.execute(SETTINGS));
    expect(next.sent).toHaveLength(2);
    expect(next.result.rows[0]?.[3]).not.toBe(pid);
  });

  it("a timeout on the one-statement path stops the statement on the server", async () => {
    await driver.execute(SETTINGS, { timeoutMs: 300 });
    const marker = `lean_timeout_${Date.now()}`;
    const started = Date.now();
    await expect(
      driver.execute(lean(`SELECT pg_sleep(10), '${marker}'`), { timeoutMs: 300 }),
    ).rejects.toMatchObject({ code: "query_timeout" });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await isStillRunning(marker)).toBe(false);
    expect((await driver.execute(SETTINGS, { timeoutMs: 300 })).rows[0]?.[0]).toBe("on");
  });

  it("an abort during a connection's first use (setup in flight) still cancels on the server", async () => {
    const fresh = createPostgresDriver({ connectionString, poolSize: 1 });
    try {
      const controller = new AbortController();
      const marker = `lean_first_${Date.now()}`;
      const running = fresh.execute(lean(`SELECT pg_sleep(10), '${marker}'`), {
        signal: controller.signal,
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      controller.abort();
      await expect(running).rejects.toMatchObject({ code: "query_cancelled" });
      expect(await isStillRunning(marker)).toBe(false);
    } finally {
      await fresh.close();
    }
  });
});
