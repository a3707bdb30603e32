import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CompileQueryOptions,
  compileFilterValues,
  compileNativeQuery,
  compileQuery,
  type DataPolicy,
  executeQuery,
  introspectWarehouse,
  type NativeQueryValues,
  QueryError,
  type QueryResult,
  streamQuery,
  type WarehouseDriver,
} from "../index";
import {
  ACCOUNTS_OF,
  customer1,
  demoMetadata,
  fullAccess,
  noAccess,
  sandboxed,
  tenant777,
  tenant999,
} from "./fixtures";

/** One warehouse under test, already seeded with the demo preset. */
export interface WarehouseUnderTest {
  driver: WarehouseDriver;
  /** `postgres` can time out and cancel statements; PGlite (and PGlite behind a socket) cannot. */
  backend: "pglite" | "postgres" | "pglite-socket";
  close(): Promise<void>;
}

const MAX_ROWS = 2000;

/**
 * The same suite against every target: the demo identities see exactly their rows, attacks are
 * refused or bound harmlessly, and the driver returns JSON-friendly values.
 */
export function describeWarehouseContract(
  name: string,
  open: () => Promise<WarehouseUnderTest>,
  /**
   * What the engine can do. PGlite runs statements on the caller's thread, so it cannot stop one
   * mid-flight: the server-side timeout and cancellation tests exist only where they can pass.
   */
  capabilities: { interruptsStatements: boolean },
): void {
  describe(`warehouse contract: ${name}`, () => {
    let warehouse: WarehouseUnderTest;
    let driver: WarehouseDriver;

    beforeAll(async () => {
      warehouse = await open();
      driver = warehouse.driver;
    });
    afterAll(async () => {
      await warehouse?.close();
    });

    const options = (policy: DataPolicy, maxRows = MAX_ROWS): CompileQueryOptions => ({
      metadata: demoMetadata,
      policy,
      maxRows,
    });
    const run = async (
      query: unknown,
      policy: DataPolicy,
      maxRows = MAX_ROWS,
    ): Promise<QueryResult> =>
      executeQuery(driver, compileQuery(query, options(policy, maxRows)), { timeoutMs: 20_000 });
    /** Hand-written SQL, for reference answers. */
    const raw = async (sql: string, parameters: unknown[] = []) =>
      (await driver.execute({ sql, parameters })).rows;
    const column = (result: QueryResult, name: string) => {
      const i = result.columns.findIndex((c) => c.name === name);
      expect(i).toBeGreaterThanOrEqual(0);
      return result.rows.map((row) => row[i]);
    };
    const accountsStillThere = async () => {
      expect(await raw("SELECT count(*)::int FROM accounts")).toEqual([[5]]);
    };

    describe("metadata", () => {
      it("introspects tables, types, keys and semantic types", async () => {
        const metadata = await introspectWarehouse(driver);
        const tables = metadata.tables.filter((t) => t.name !== "_sample_data_meta");
        expect(tables).toEqual(demoMetadata.tables);
      });
    });

    describe("the demo identities see exactly their rows", () => {
      it.each([
        ["tenant 999", tenant999, [1, 2, 3]],
        ["tenant 777", tenant777, [4, 5]],
        ["the customer of account 1", customer1, [1]],
      ] as const)("%s: accounts", async (_, policy, expected) => {
        const result = await run({ source: "accounts", orderBy: [["asc", "account_id"]] }, policy);
        expect(column(result, "account_id")).toEqual(expected);
      });

      it.each([
        ["tenant 999", tenant999, "tenant_id = 999"],
        ["tenant 777", tenant777, "tenant_id = 777"],
        ["the customer of account 1", customer1, "account_id = 1"],
      ] as const)("%s: orders, counted per month", async (_, policy, where) => {
        const result = await run(
          {
            source: "orders",
            aggregations: [["count"], ["sum", "amount"]],
            breakouts: [["month", "ordered_at"]],
          },
          policy,
        );
        const reference = await raw(
          `SELECT to_char(date_trunc('month', ordered_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"'),
                  count(*)::int, sum(amount)::float8
           FROM orders WHERE ${where} GROUP BY 1 ORDER BY 1`,
        );
        expect(result.rows).toEqual(reference);
        expect(result.rows.length).toBeGreaterThan(12);
      });

      it("a viewer with no access gets unknown_table, like for a table that does not exist", async () => {
        await expect(run({ source: "orders" }, noAccess)).rejects.toMatchObject({
          code: "unknown_table",
          message: 'unknown table "orders"',
        });
      });

      it("joins orders → accounts under a sandbox never reach other tenants' accounts", async () => {
        const result = await run({ source: "orders", joins: [{ table: "accounts" }] }, tenant999);
        expect(result.rowCount).toBe(
          (await raw("SELECT count(*)::int FROM orders WHERE tenant_id = 999"))[0]?.[0],
        );
        expect(new Set(column(result, "accounts.tenant_id"))).toEqual(new Set([999]));
        expect(new Set(column(result, "account_id"))).toEqual(new Set(ACCOUNTS_OF[999]));
      });

      it("a sandboxed joined table stays sandboxed even when the source is not", async () => {
        const policy: DataPolicy = {
          tables: { orders: { level: "full" }, accounts: sandboxed("tenant_id", 999) },
        };
        const result = await run(
          {
            source: "orders",
            joins: [{ table: "accounts" }],
            aggregations: [["count"]],
            breakouts: ["account_id", "accounts.name"],
          },
          policy,
        );
        for (const [accountId, accountName] of result.rows) {
          if ((ACCOUNTS_OF[999] as readonly unknown[]).includes(accountId))
            expect(accountName).not.toBeNull();
          else expect(accountName).toBeNull();
        }
        expect(column(result, "account_id")).toEqual([1, 2, 3, 4, 5]);
      });

      it("joins from accounts to a fact table (the reverse direction) stay inside the sandbox", async () => {
        const result = await run(
          {
            source: "accounts",
            joins: [{ table: "usage_events" }],
            aggregations: [["count"]],
            breakouts: ["usage_events.account_id"],
          },
          customer1,
        );
        expect(column(result, "usage_events.account_id")).toEqual([1]);
      });

      it("filter-value lists go through the policy", async () => {
        const compiled = compileFilterValues("accounts", "account_id", {
          metadata: demoMetadata,
          policy: tenant777,
          limit: 100,
        });
        const result = await executeQuery(driver, compiled);
        expect(result.rows).toEqual([[4], [5]]);
        const statuses = await executeQuery(
          driver,
          compileFilterValues("orders", "status", {
            metadata: demoMetadata,
            policy: customer1,
            search: "ED",
            limit: 100,
          }),
        );
        expect(statuses.rows.flat().every((s) => typeof s === "string" && s.includes("ed"))).toBe(
          true,
        );
      });

      it("a list attribute, a missing attribute and a SQL view", async () => {
        const list: DataPolicy = {
          tables: {
            accounts: {
              level: "sandboxed",
              rowFilters: [
                {
                  kind: "column_attribute",
                  column: "account_id",
                  value: [1, "4", "x') OR ('1'='1"],
                },
              ],
              visibleColumns: null,
            },
          },
        };
        expect(
          column(
            await run({ source: "accounts", orderBy: [["asc", "account_id"]] }, list),
            "account_id",
          ),
        ).toEqual([1, 4]);
        const missing: DataPolicy = {
          tables: {
            accounts: {
              level: "sandboxed",
              rowFilters: [{ kind: "column_attribute", column: "tenant_id", value: undefined }],
              visibleColumns: null,
            },
          },
        };
        expect((await run({ source: "accounts" }, missing)).rows).toEqual([]);
        const view = (attributes: Record<string, unknown>): DataPolicy => ({
          tables: {
            accounts: {
              level: "sandboxed",
              rowFilters: [
                {
                  kind: "sql_view",
                  sql: "SELECT * FROM accounts WHERE tenant_id = ANY({{tenants}}) AND status = {{status}} -- active only",
                  attributes: attributes as Record<string, number[]>,
                },
              ],
              visibleColumns: null,
            },
          },
        });
        const active = await run(
          { source: "accounts", orderBy: [["asc", "account_id"]] },
          view({ tenants: [999, 777], status: "Active" }),
        );
        expect(column(active, "account_id")).toEqual([1, 2, 4]);
        expect((await run({ source: "accounts" }, view({ tenants: [999] }))).rows).toEqual([]);
        // A hostile attribute is a bound value: it matches nothing.
        const hostile = await run(
          { source: "accounts" },
          view({ tenants: [999], status: "Active' OR '1'='1" }),
        );
        expect(hostile.rows).toEqual([]);
      });

      it("groups combine: a row visible to any group is visible", async () => {
        const policy: DataPolicy = {
          tables: {
            accounts: {
              level: "sandboxed",
              rowFilters: [
                { kind: "column_attribute", column: "account_id", value: 1 },
                {
                  kind: "sql_view",
                  sql: "SELECT * FROM accounts WHERE tenant_id = {{primary_id}}",
                  attributes: { primary_id: 777 },
                },
              ],
              visibleColumns: ["account_id", "status"],
            },
          },
        };
        const result = await run({ source: "accounts", orderBy: [["asc", "account_id"]] }, policy);
        expect(result.columns.map((c) => c.name)).toEqual(["account_id", "status"]);
        expect(column(result, "account_id")).toEqual([1, 4, 5]);
        const counted = await run({ source: "accounts", aggregations: [["count"]] }, policy);
        expect(counted.rows).toEqual([[3]]);
      });
    });

    describe("values come back JSON-friendly", () => {
      it("numbers as numbers, dates as ISO strings, rows as arrays", async () => {
        const result = await run(
          {
            source: "invoices",
            filters: [["=", "invoice_id", 1]],
          },
          fullAccess,
        );
        expect(result.rows).toHaveLength(1);
        const [row] = result.rows;
        const byName = Object.fromEntries(result.columns.map((c, i) => [c.name, row?.[i]]));
        expect(byName.invoice_id).toBe(1); // bigint
        expect(typeof byName.amount).toBe("number"); // numeric(12,2)
        expect(byName.issued_at).toMatch(/^\d{4}-\d{2}-\d{2}$/); // date
        const months = await run(
          {
            source: "invoices",
            aggregations: [["count"]],
            breakouts: [
              ["month", "issued_at"],
              ["year", "due_at"],
            ],
            limit: 1,
          },
          fullAccess,
        );
        expect(months.rows[0]?.[0]).toMatch(/^\d{4}-\d{2}-01$/);
        expect(months.rows[0]?.[1]).toMatch(/^\d{4}-01-01$/);
        const created = await run(
          { source: "accounts", filters: [["=", "account_id", 1]] },
          fullAccess,
        );
        expect(column(created, "created_at")[0]).toMatch(
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
        );
      });

      it("reports truncation when more rows match than maxRows", async () => {
        const truncated = await run({ source: "accounts" }, fullAccess, 2);
        expect(truncated).toMatchObject({ rowCount: 2, truncated: true });
        const exact = await run({ source: "accounts" }, fullAccess, 5);
        expect(exact).toMatchObject({ rowCount: 5, truncated: false });
      });
    });

    describe("attacks are refused or bound harmlessly", () => {
      afterAll(accountsStillThere);

      it.each([
        "1; DROP TABLE accounts",
        "' OR 1=1 --",
        "') OR ('1'='1",
        "’ OR 1=1 --",
        "ʼ; DROP TABLE accounts; --",
        "＇ OR １=１ --",
        "\\'; DROP TABLE accounts; --",
        "Active' UNION SELECT * FROM accounts --",
      ])("a hostile text value %j matches nothing extra", async (value) => {
        for (const filter of [
          ["=", "name", value],
          ["!=", "status", value],
          ["contains", "name", value],
          ["in", "status", ["Active", value]],
        ]) {
          const result = await run({ source: "accounts", filters: [filter] }, tenant999);
          for (const id of column(result, "account_id")) expect(ACCOUNTS_OF[999]).toContain(id);
        }
        await accountsStillThere();
      });

      it.each([
        [
          "a number column",
          { source: "accounts", filters: [["=", "account_id", "1; DROP TABLE accounts"]] },
          "invalid_value",
        ],
        [
          "a number column, in an in-list",
          { source: "accounts", filters: [["in", "account_id", [1, "1 OR 1=1"]]] },
          "invalid_value",
        ],
        [
          "a nested in-list",
          { source: "accounts", filters: [["in", "status", [["Active"], "x"]]] },
          "invalid_query",
        ],
        [
          "a date column",
          {
            source: "orders",
            filters: [[">", "ordered_at", "2025-01-01'; DROP TABLE accounts; --"]],
          },
          "invalid_value",
        ],
        [
          "a column name",
          { source: "accounts", filters: [["=", "plan; DROP TABLE accounts", "x"]] },
          "unknown_column",
        ],
        [
          "a quoted column name",
          { source: "accounts", filters: [["=", 'plan" OR 1=1 --', "x"]] },
          "unknown_column",
        ],
        [
          "a qualified column name",
          { source: "accounts", breakouts: ['accounts"."plan'] },
          "unknown_column",
        ],
        ["a table name", { source: "accounts; DROP TABLE accounts" }, "unknown_table"],
        ["a quoted table name", { source: '"accounts"' }, "unknown_table"],
        ["a schema-qualified table", { source: "public.accounts" }, "unknown_table"],
        ["a catalog table", { source: "pg_catalog.pg_user" }, "unknown_table"],
        ["an unlisted table", { source: "_sample_data_meta" }, "unknown_table"],
        ["a prototype name", { source: "__proto__" }, "unknown_table"],
        ["another prototype name", { source: "constructor" }, "unknown_table"],
        [
          "a joined table name",
          { source: "orders", joins: [{ table: "accounts) x; DROP TABLE accounts; --" }] },
          "unknown_table",
        ],
        [
          "a join via",
          { source: "orders", joins: [{ table: "accounts", via: "account_id = 1 OR 1=1" }] },
          "invalid_join",
        ],
        [
          "a sort key",
          { source: "accounts", orderBy: [["desc", "1; DROP TABLE accounts"]] },
          "unknown_column",
        ],
        [
          "a sort direction",
          { source: "accounts", orderBy: [["desc; DROP TABLE accounts", "name"]] },
          "invalid_query",
        ],
        ["a sort by position", { source: "accounts", orderBy: [["desc", 1]] }, "invalid_query"],
        [
          "a negative aggregation index",
          {
            source: "accounts",
            aggregations: [["count"]],
            orderBy: [["desc", ["aggregation", -1]]],
          },
          "invalid_query",
        ],
        [
          "an aggregation argument",
          { source: "orders", aggregations: [["sum", "amount) FROM accounts; --"]] },
          "unknown_column",
        ],
        [
          "an aggregation function",
          { source: "orders", aggregations: [["pg_sleep", "amount"]] },
          "invalid_query",
        ],
        [
          "a breakout unit",
          { source: "orders", breakouts: [["month') , pg_sleep(10) --", "ordered_at"]] },
          "invalid_query",
        ],
        ["a negative limit", { source: "accounts", limit: -1 }, "invalid_query"],
        ["a huge limit", { source: "accounts", limit: 1e12 }, "limit_too_large"],
        ["an unsafe limit", { source: "accounts", limit: 1e300 }, "invalid_query"],
        [
          "a string limit",
          { source: "accounts", limit: "10; DROP TABLE accounts" },
          "invalid_query",
        ],
        [
          "a NUL byte",
          { source: "accounts", filters: [["=", "name", "a\u0000'"]] },
          "invalid_value",
        ],
      ])("%s is refused", async (_, query, code) => {
        await expect(run(query, tenant999)).rejects.toMatchObject({ code });
        await expect(run(query, tenant999)).rejects.toHaveProperty("status", 400);
      });

      it("a hostile attribute value cannot widen a sandbox", async () => {
        const policy: DataPolicy = {
          tables: {
            accounts: {
              level: "sandboxed",
              rowFilters: [{ kind: "column_attribute", column: "tenant_id", value: "999 OR 1=1" }],
              visibleColumns: null,
            },
          },
        };
        expect((await run({ source: "accounts" }, policy)).rows).toEqual([]);
        const view: DataPolicy = {
          tables: {
            accounts: {
              level: "sandboxed",
              rowFilters: [
                {
                  kind: "sql_view",
                  sql: "SELECT * FROM accounts WHERE tenant_id = {{id}}",
                  attributes: { id: "999 OR 1=1" },
                },
              ],
              visibleColumns: null,
            },
          },
        };
        // Bound as a value, it is not an integer: the warehouse refuses it rather than run it.
        await expect(run({ source: "accounts" }, view)).rejects.toMatchObject({
          code: "invalid_value",
        });
      });
    });

    describe("native SQL", () => {
      afterAll(accountsStillThere);
      const native = (sql: string, values: NativeQueryValues = {}, maxRows = MAX_ROWS) =>
        executeQuery(driver, compileNativeQuery(sql, values, { maxRows }), { timeoutMs: 20_000 });

      it("binds placeholders and lists, names the columns and reports truncation", async () => {
        const result = await native(
          `SELECT account_id, plan, created_at, status = 'Active' AS active, count(*) OVER () AS total
             FROM accounts WHERE tenant_id = {{tenant}} AND account_id = ANY({{ids}})
             ORDER BY account_id`,
          { tenant: 999, ids: [1, 3, 4] },
        );
        expect(result.columns).toEqual([
          { name: "account_id", displayName: "account_id", type: "number" },
          { name: "plan", displayName: "plan", type: "text" },
          { name: "created_at", displayName: "created_at", type: "date" },
          { name: "active", displayName: "active", type: "boolean" },
          { name: "total", displayName: "total", type: "number" },
        ]);
        expect(result.rows.map((row) => row[0])).toEqual([1, 3]);
        expect(result.truncated).toBe(false);
        const truncated = await native("SELECT account_id FROM accounts ORDER BY 1;", {}, 2);
        expect(truncated).toMatchObject({ rows: [[1], [2]], rowCount: 2, truncated: true });
      });

      it("binds SQL in a parameter value harmlessly", async () => {
        for (const attack of ["' OR 1=1 --", "Premium'; DROP TABLE accounts; --", "1) OR (1=1"]) {
          const result = await native("SELECT account_id FROM accounts WHERE plan = {{plan}}", {
            plan: attack,
          });
          expect(result.rows).toEqual([]);
          const echoed = await native("SELECT {{value}}::text AS value", { value: attack });
          expect(echoed.rows).toEqual([[attack]]);
        }
      });

      it.each([
        "INSERT INTO accounts (tenant_id, account_id, plan, status) VALUES (1, 100, 'Basic', 'Active')",
        "DELETE FROM accounts",
        "DROP TABLE accounts",
        "WITH gone AS (DELETE FROM accounts RETURNING *) SELECT * FROM gone",
        // Valid as a subquery: stopped by the READ ONLY transaction itself.
        "SELECT * FROM accounts FOR UPDATE",
        "SELECT set_config('transaction_read_only', 'off', true)",
      ])("cannot write: %s", async (sql) => {
        await expect(native(sql)).rejects.toBeInstanceOf(QueryError);
        await accountsStillThere();
        expect(await raw("SELECT count(*)::int FROM pg_largeobject_metadata")).toEqual([[0]]);
      });

      it("cannot leave anything behind: large objects and session settings are rolled back", async () => {
        // PostgreSQL before 16 allows lo_create in a READ ONLY transaction; the rollback undoes it.
        await native("SELECT lo_create(0)").catch(() => undefined);
        expect(await raw("SELECT count(*)::int FROM pg_largeobject_metadata")).toEqual([[0]]);
        // A session-level set_config would otherwise stay on the (pooled or shared) connection.
        const settings =
          "SELECT current_setting('DateStyle'), current_setting('search_path'), DATE '2025-03-01'";
        const [before] = await raw(settings);
        expect(before?.[2]).toBe("2025-03-01");
        const changed = await native(
          "SELECT set_config('DateStyle', 'SQL, DMY', false) AS style, set_config('search_path', 'nowhere', false) AS path",
        );
        expect(changed.rows).toEqual([["SQL, DMY", "nowhere"]]);
        for (let i = 0; i < 6; i++) {
          expect(await raw(settings)).toEqual([before]);
        }
      });

      it("returns the result's field names from the driver", async () => {
        const result = await driver.execute({ sql: "SELECT 1 AS a, 'b' AS b, 2", parameters: [] });
        expect(result.fields).toEqual(["a", "b", "?column?"]);
      });
    });

    describe("the driver", () => {
      it("runs statements read-only", async () => {
        await expect(
          driver.execute({ sql: "DELETE FROM accounts", parameters: [] }),
        ).rejects.toMatchObject({
          code: "warehouse_error",
        });
        await accountsStillThere();
      });

      it("refuses SQL compiled for another dialect", async () => {
        await expect(
          driver.execute({ sql: "SELECT 1", parameters: [], dialect: "clickhouse" }),
        ).rejects.toMatchObject({ code: "invalid_query" });
      });

      it("rejects an already aborted call with query_cancelled", async () => {
        const controller = new AbortController();
        controller.abort();
        await expect(
          driver.execute({ sql: "SELECT 1", parameters: [] }, { signal: controller.signal }),
        ).rejects.toMatchObject({ code: "query_cancelled" });
      });

      it("keeps answering after errors", async () => {
        await expect(
          driver.execute({ sql: "SELECT * FROM nowhere", parameters: [] }),
        ).rejects.toBeInstanceOf(QueryError);
        expect(await raw("SELECT 1::int")).toEqual([[1]]);
      });

      const itWhenInterruptible = capabilities.interruptsStatements ? it : () => undefined;

      itWhenInterruptible(
        "stops a statement that runs past its time budget (server-side timeouts)",
        async () => {
          const started = Date.now();
          await expect(
            driver.execute({ sql: "SELECT pg_sleep(5)", parameters: [] }, { timeoutMs: 200 }),
          ).rejects.toMatchObject({ code: "query_timeout", status: 504 });
          expect(Date.now() - started).toBeLessThan(2_000);
          // The budget is per call (SET LOCAL, inside the call's transaction).
          const budget = await driver.execute(
            { sql: "SELECT current_setting('statement_timeout')", parameters: [] },
            { timeoutMs: 4321 },
          );
          expect(budget.rows).toEqual([["4321ms"]]);
        },
      );

      itWhenInterruptible(
        "cancels a running statement on the server when the signal aborts",
        async () => {
          const controller = new AbortController();
          const marker = `cancel_me_${Date.now()}`;
          const running = driver.execute(
            { sql: `SELECT pg_sleep(10), '${marker}'`, parameters: [] },
            { signal: controller.signal },
          );
          await new Promise((resolve) => setTimeout(resolve, 300));
          controller.abort();
          await expect(running).rejects.toMatchObject({ code: "query_cancelled" });
          // pg_cancel_backend reached the server: the statement is gone shortly after.
          let active = 1;
          for (let i = 0; i < 50 && active > 0; i++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            const rows = await raw(
              "SELECT count(*)::int FROM pg_stat_activity WHERE query LIKE $1 AND state = 'active' AND pid <> pg_backend_pid()",
              [`%${marker}%`],
            );
            active = Number(rows[0]?.[0]);
          }
          expect(active).toBe(0);
        },
      );
    });

    describe("streaming from a cursor", () => {
      /** Reads a stream to the end, always closing it. */
      const drain = async (stream: {
        read(): Promise<unknown[][] | null>;
        close(): Promise<void>;
      }) => {
        const rows: unknown[][] = [];
        try {
          for (let batch = await stream.read(); batch; batch = await stream.read()) {
            expect(batch.length).toBeGreaterThan(0);
            rows.push(...batch);
          }
        } finally {
          await stream.close();
        }
        return rows;
      };
      /** More cursors than the PostgreSQL pool has connections: a leaked one would hang this. */
      const LEAK_ROUNDS = 6;
      const stillAnswers = async () => expect(await raw("SELECT 1::int")).toEqual([[1]]);

      it("streams exactly the rows execute returns, under the same policy, in batches", async () => {
        const query = { source: "orders", orderBy: [["asc", "order_id"]] };
        const compiled = compileQuery(query, options(tenant999, 100_000));
        const whole = await executeQuery(driver, compiled);
        const stream = await streamQuery(driver, compiled, { batchSize: 7, timeoutMs: 20_000 });
        expect(stream.columns).toEqual(whole.columns);
        const rows = await drain(stream);
        expect(rows).toEqual(whole.rows);
        expect(rows.length).toBeGreaterThan(100);
        expect(stream.rowCount).toBe(rows.length);
        expect(stream.truncated).toBe(false);
        expect(new Set(column({ ...whole, rows }, "account_id"))).toEqual(
          new Set(ACCOUNTS_OF[999]),
        );
      });

      it("stops at maxRows and reports truncation, at and across batch edges", async () => {
        for (const [maxRows, batchSize] of [
          [10, 5],
          [10, 11],
          [10, 3],
          [10, 100],
        ] as const) {
          const compiled = compileQuery({ source: "orders" }, options(fullAccess, maxRows));
          const stream = await streamQuery(driver, compiled, { batchSize });
          const rows = await drain(stream);
          expect(rows).toHaveLength(maxRows);
          expect(stream.truncated).toBe(true);
        }
      });

      it("streams native SQL with bound parameters and names its columns", async () => {
        const compiled = compileNativeQuery(
          "SELECT account_id, name FROM accounts WHERE tenant_id = {{tenant}} ORDER BY account_id",
          { tenant: 999 } as NativeQueryValues,
          { maxRows: 100 },
        );
        const stream = await streamQuery(driver, compiled, { batchSize: 2 });
        expect(stream.columns.map((c) => [c.name, c.type])).toEqual([
          ["account_id", "number"],
          ["name", "text"],
        ]);
        expect((await drain(stream)).map((row) => row[0])).toEqual([1, 2, 3]);
      });

      it("an empty result has its fields and no batch", async () => {
        const cursor = await driver.stream({
          sql: "SELECT account_id AS id FROM accounts WHERE false",
          parameters: [],
        });
        expect(cursor.fields).toEqual(["id"]);
        expect(await drain(cursor)).toEqual([]);
      });

      it("closing early, aborting or failing mid-stream gives the connection back", async () => {
        const sql = { sql: "SELECT g FROM generate_series(1, 5000) AS g", parameters: [] };
        for (let i = 0; i < LEAK_ROUNDS; i++) {
          const cursor = await driver.stream(sql, { batchSize: 10 });
          expect(await cursor.read()).toHaveLength(10);
          await cursor.close();
          await cursor.close();
          expect(await cursor.read()).toBeNull();
        }
        await stillAnswers();
        for (let i = 0; i < LEAK_ROUNDS; i++) {
          const controller = new AbortController();
          const cursor = await driver.stream(sql, { batchSize: 10, signal: controller.signal });
          expect(await cursor.read()).toHaveLength(10);
          controller.abort();
          await expect(cursor.read()).rejects.toMatchObject({ code: "query_cancelled" });
          await cursor.close();
        }
        await stillAnswers();
        for (let i = 0; i < LEAK_ROUNDS; i++) {
          // Fails at row 25, in the third batch.
          const cursor = await driver.stream(
            { sql: "SELECT 1 / (25 - g) FROM generate_series(1, 100) AS g", parameters: [] },
            { batchSize: 10 },
          );
          await cursor.read();
          await cursor.read();
          await expect(cursor.read()).rejects.toBeInstanceOf(QueryError);
          await cursor.close();
        }
        await stillAnswers();
      });

      it("refuses an already aborted signal, another dialect, and writes", async () => {
        const controller = new AbortController();
        controller.abort();
        await expect(
          driver.stream({ sql: "SELECT 1", parameters: [] }, { signal: controller.signal }),
        ).rejects.toMatchObject({ code: "query_cancelled" });
        await expect(
          driver.stream({ sql: "SELECT 1", parameters: [], dialect: "clickhouse" }),
        ).rejects.toMatchObject({ code: "invalid_query" });
        await expect(
          driver.stream({ sql: "DELETE FROM accounts RETURNING 1", parameters: [] }),
        ).rejects.toMatchObject({ code: "warehouse_error" });
        await accountsStillThere();
        await stillAnswers();
      });

      (capabilities.interruptsStatements ? it : () => undefined)(
        "an abort stops a running FETCH on the server and ends its transaction",
        async () => {
          const controller = new AbortController();
          const opening = driver.stream(
            { sql: "SELECT pg_sleep(10) FROM generate_series(1, 3)", parameters: [] },
            { signal: controller.signal, batchSize: 1 },
          );
          await new Promise((resolve) => setTimeout(resolve, 300));
          controller.abort();
          await expect(opening).rejects.toMatchObject({ code: "query_cancelled" });
          let left = 1;
          for (let i = 0; i < 50 && left > 0; i++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            const rows = await raw(
              "SELECT count(*)::int FROM pg_stat_activity WHERE query LIKE 'FETCH FORWARD % FROM embed_stream' AND pid <> pg_backend_pid()",
            );
            left = Number(rows[0]?.[0]);
          }
          expect(left).toBe(0);
          await stillAnswers();
        },
      );

      it("the time budget covers the cursor's whole life, reads included", async () => {
        const cursor = await driver.stream(
          { sql: "SELECT g FROM generate_series(1, 100) AS g", parameters: [] },
          { batchSize: 10, timeoutMs: 50 },
        );
        await cursor.read();
        await new Promise((resolve) => setTimeout(resolve, 200));
        await expect(cursor.read()).rejects.toMatchObject({ code: "query_timeout" });
        await cursor.close();
        await stillAnswers();
      });
    });
  });
}
