import { PGlite } from "@electric-sql/pglite";
import { seedDemoWarehouse } from "@embed/sample-data";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  compileQuery,
  createPgliteDriver,
  type DataPolicy,
  executeQuery,
  mergeGroupPolicies,
  QueryError,
  type QueryResult,
  type WarehouseDriver,
  type WarehouseMetadata,
} from "../index";
import { DEMO_TABLES, demoMetadata, fullAccess, sandboxEveryTable, sandboxed } from "./fixtures";

/**
 * The security property, tested on thousands of random queries: for every identity, a query run
 * through its policy on the whole warehouse returns nothing that the same query, run with full
 * access on a hand-filtered copy holding only that identity's rows and columns, would not.
 * Errors must agree too (a hidden column is as unknown as a missing one).
 */

const RUNS_PER_IDENTITY = 1200;
const MAX_ROWS = 200;

type Table = (typeof DEMO_TABLES)[number];

interface Identity {
  name: string;
  policy: DataPolicy;
  /** Hand-written: which rows of each table the identity may see (absent: no access). */
  rows: Partial<Record<Table, string>>;
  hidden: Partial<Record<Table, string[]>>;
  accounts: number[];
}

const tenant777View: DataPolicy = {
  tables: {
    accounts: {
      level: "sandboxed",
      rowFilters: [
        {
          kind: "sql_view",
          sql: "SELECT * FROM accounts WHERE tenant_id = {{primary_id}}",
          attributes: { primary_id: 777 },
        },
      ],
      visibleColumns: null,
    },
    orders: {
      level: "sandboxed",
      rowFilters: [
        {
          kind: "sql_view",
          sql: "SELECT o.* FROM orders o JOIN accounts a ON a.account_id = o.account_id WHERE a.tenant_id = {{primary_id}}",
          attributes: { primary_id: "777" },
        },
      ],
      visibleColumns: null,
    },
    invoices: {
      level: "sandboxed",
      rowFilters: [{ kind: "column_attribute", column: "tenant_id", value: "777" }],
      visibleColumns: null,
    },
    usage_events: {
      level: "sandboxed",
      rowFilters: [{ kind: "column_attribute", column: "tenant_id", value: 777 }],
      visibleColumns: null,
    },
  },
};

const everyTable = (where: string) =>
  Object.fromEntries(DEMO_TABLES.map((t) => [t, where])) as Record<Table, string>;
const tenant999 = sandboxEveryTable("tenant_id", 999);

const IDENTITIES: Identity[] = [
  {
    name: "tenant 999",
    policy: tenant999,
    rows: everyTable("tenant_id = 999"),
    hidden: {},
    accounts: [1, 2, 3],
  },
  {
    name: "tenant 777 (SQL views)",
    policy: tenant777View,
    rows: everyTable("tenant_id = 777"),
    hidden: {},
    accounts: [4, 5],
  },
  {
    name: "customer 1, plan and items hidden",
    policy: sandboxEveryTable("account_id", 1, {
      accounts: ["account_id", "tenant_id", "name", "status", "created_at"],
      orders: ["order_id", "tenant_id", "account_id", "ordered_at", "status", "amount"],
    }),
    rows: everyTable("account_id = 1"),
    hidden: { accounts: ["plan"], orders: ["items"] },
    accounts: [1],
  },
  {
    name: "customers 1 and 4 (list attribute)",
    policy: sandboxEveryTable("account_id", [1, 4]),
    rows: everyTable("account_id IN (1, 4)"),
    hidden: {},
    accounts: [1, 4],
  },
  {
    name: "a missing attribute",
    policy: sandboxEveryTable("tenant_id", undefined),
    rows: everyTable("false"),
    hidden: {},
    accounts: [],
  },
  {
    name: "two groups: customer 2 and tenant 777",
    policy: mergeGroupPolicies([sandboxEveryTable("account_id", 2), tenant777View]),
    rows: everyTable("account_id = 2 OR tenant_id = 777"),
    hidden: {},
    accounts: [2, 4, 5],
  },
  {
    name: "tenant 999, orders and accounts only",
    policy: {
      tables: { orders: sandboxed("tenant_id", 999), accounts: sandboxed("tenant_id", 999) },
    },
    rows: { orders: "tenant_id = 999", accounts: "tenant_id = 999" },
    hidden: {},
    accounts: [1, 2, 3],
  },
  {
    // Asymmetric policies: a join must not bring in rows the joined table's own policy hides.
    name: "accounts open, facts sandboxed to tenant 999",
    policy: { tables: { ...tenant999.tables, accounts: { level: "full" } } },
    rows: { ...everyTable("tenant_id = 999"), accounts: "true" },
    hidden: {},
    accounts: [1, 2, 3, 4, 5],
  },
  {
    name: "orders open, accounts sandboxed to customer 1 without names",
    policy: {
      tables: {
        orders: { level: "full" },
        accounts: {
          level: "sandboxed",
          rowFilters: [{ kind: "column_attribute", column: "account_id", value: 1 }],
          visibleColumns: ["account_id", "tenant_id", "plan", "status", "created_at"],
        },
      },
    },
    rows: { orders: "true", accounts: "account_id = 1" },
    hidden: { accounts: ["name"] },
    accounts: [1, 2, 3, 4, 5],
  },
  {
    name: "full access",
    policy: fullAccess,
    rows: everyTable("true"),
    hidden: {},
    accounts: [1, 2, 3, 4, 5],
  },
];

// ---------------------------------------------------------------------------------------------
// Random structured queries over the demo schema, with hostile values mixed in.

const HOSTILE = [
  "1; DROP TABLE accounts",
  "' OR 1=1 --",
  "') OR ('1'='1",
  "’ OR ’1’=’1",
  '" OR ""="',
  "\\'; SELECT pg_sleep(1); --",
  "%",
  "_",
  "Active' --",
  "999 OR 1=1",
];
const WORDS = [
  "Basic",
  "Premium",
  "Active",
  "Inactive",
  "placed",
  "shipped",
  "delivered",
  "returned",
  "paid",
  "open",
  "overdue",
  "login",
  "dashboard_view",
  "query_run",
  "api_call",
  "export",
  "a",
  "ed",
  "Acc",
];
const columnsOf = (table: string) =>
  demoMetadata.tables.find((t) => t.name === table)?.columns ?? [];
const typeOf = (table: string, column: string) =>
  columnsOf(table).find((c) => c.name === column)?.databaseType ?? "unknown";

function valueFor(type: string): fc.Arbitrary<unknown> {
  const hostile = fc.constantFrom(...HOSTILE);
  switch (type) {
    case "integer":
    case "bigint":
      return fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(1, 2, 3, 4, 5, 777, 999, 1000) },
        { weight: 3, arbitrary: fc.integer({ min: -5, max: 1200 }) },
        { weight: 1, arbitrary: fc.oneof(hostile, fc.constant(2 ** 40)) },
      );
    case "numeric":
      return fc.oneof(
        { weight: 8, arbitrary: fc.integer({ min: 0, max: 400_000 }).map((cents) => cents / 100) },
        { weight: 1, arbitrary: hostile },
      );
    case "text":
      return fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
        { weight: 3, arbitrary: hostile },
        { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
      );
    case "date":
      return fc.oneof(
        {
          weight: 9,
          arbitrary: fc
            .date({ min: new Date("2023-12-01"), max: new Date("2026-02-01"), noInvalidDate: true })
            .map((d) => d.toISOString().slice(0, 10)),
        },
        { weight: 1, arbitrary: hostile },
      );
    default:
      return fc.oneof(
        {
          weight: 9,
          arbitrary: fc
            .date({ min: new Date("2023-12-01"), max: new Date("2026-02-01"), noInvalidDate: true })
            .map((d) => d.toISOString()),
        },
        { weight: 1, arbitrary: hostile },
      );
  }
}

interface Ref {
  ref: string;
  table: string;
  column: string;
}

function filterFor({ ref, table, column }: Ref): fc.Arbitrary<unknown[]> {
  const type = typeOf(table, column);
  const value = valueFor(type);
  const isText = type === "text";
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.tuple(
        fc.constantFrom("=", "!=", "<", ">", "<=", ">="),
        fc.constant(ref),
        value,
      ),
    },
    { weight: 2, arbitrary: fc.tuple(fc.constant("between"), fc.constant(ref), value, value) },
    {
      weight: 3,
      arbitrary: fc.tuple(
        fc.constant("in"),
        fc.constant(ref),
        fc.array(value, { minLength: 1, maxLength: 4 }),
      ),
    },
    {
      weight: isText ? 3 : 1,
      arbitrary: fc.tuple(
        fc.constant("contains"),
        fc.constant(ref),
        fc.constantFrom(...WORDS, ...HOSTILE),
      ),
    },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom("is-null", "not-null"), fc.constant(ref)) },
  );
}

const queryArb = fc.constantFrom(...DEMO_TABLES).chain((source) => {
  // Mostly valid joins along foreign keys; "orders" from a fact table has no key and is refused.
  const joinable =
    source === "accounts"
      ? ["orders", "invoices", "usage_events"]
      : ["accounts", "accounts", "accounts", "orders"];
  return fc.option(fc.constantFrom(...joinable), { freq: 2 }).chain((join) => {
    const refs: Ref[] = [
      ...columnsOf(source).map((c) => ({ ref: c.name, table: source, column: c.name })),
      ...(join
        ? columnsOf(join).map((c) => ({ ref: `${join}.${c.name}`, table: join, column: c.name }))
        : []),
    ];
    const bogus: Ref[] = [
      { ref: "nope", table: source, column: "nope" },
      { ref: "accounts.plan", table: "accounts", column: "plan" },
      { ref: "1; DROP TABLE accounts", table: source, column: "x" },
    ];
    const refArb = fc.oneof(
      { weight: 30, arbitrary: fc.constantFrom(...refs) },
      { weight: 1, arbitrary: fc.constantFrom(...bogus) },
    );
    const dateRefs = refs.filter((r) => /date|timestamp/.test(typeOf(r.table, r.column)));
    const groupRefs = refs.filter((r) => /text|integer/.test(typeOf(r.table, r.column)));
    const breakoutArb = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...groupRefs).map((r) => r.ref as unknown) },
      {
        weight: 4,
        arbitrary: fc.tuple(
          fc.constantFrom("day", "week", "month", "quarter", "year"),
          fc.constantFrom(...dateRefs).map((r) => r.ref),
        ),
      },
      { weight: 1, arbitrary: refArb.map((r) => r.ref) },
    );
    const numberRefs = refs.filter((r) => /numeric|integer|bigint/.test(typeOf(r.table, r.column)));
    const aggregationArb = fc.oneof(
      { weight: 3, arbitrary: fc.constant(["count"] as unknown[]) },
      {
        weight: 4,
        arbitrary: fc.tuple(
          fc.constantFrom("sum", "avg", "min", "max", "distinct-count"),
          fc.constantFrom(...numberRefs).map((r) => r.ref),
        ),
      },
      {
        weight: 2,
        arbitrary: fc.tuple(
          fc.constantFrom("min", "max", "distinct-count"),
          fc.constantFrom(...refs).map((r) => r.ref),
        ),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(
          fc.constantFrom("sum", "avg", "min", "max", "distinct-count"),
          refArb.map((r) => r.ref),
        ),
      },
    );
    return fc
      .record({
        filters: fc.array(refArb.chain(filterFor), { maxLength: 3 }),
        aggregations: fc.array(aggregationArb, { maxLength: 2 }),
        breakouts: fc.array(breakoutArb, { maxLength: 2 }),
        limit: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
      })
      .chain((parts) => {
        const targets: unknown[] = [
          ...parts.breakouts,
          ...parts.aggregations.map((_, i) => ["aggregation", i]),
          ...(parts.breakouts.length + parts.aggregations.length === 0
            ? refs.map((r) => r.ref)
            : []),
        ];
        const orderArb =
          targets.length > 0
            ? fc.array(fc.tuple(fc.constantFrom("asc", "desc"), fc.constantFrom(...targets)), {
                maxLength: 2,
              })
            : fc.constant([]);
        return orderArb.map((orderBy) => ({
          source,
          ...(join ? { joins: [{ table: join }] } : {}),
          ...parts,
          orderBy,
        }));
      });
  });
});

// ---------------------------------------------------------------------------------------------

type Outcome = { error: string } | { result: QueryResult; sql: string };

async function outcome(
  driver: WarehouseDriver,
  query: unknown,
  metadata: WarehouseMetadata,
  policy: DataPolicy,
  maxRows: number,
): Promise<Outcome> {
  try {
    const compiled = compileQuery(query, { metadata, policy, maxRows });
    return {
      result: await executeQuery(driver, compiled, { timeoutMs: 20_000 }),
      sql: compiled.sql,
    };
  } catch (error) {
    if (error instanceof QueryError) return { error: error.code };
    throw error;
  }
}

function tally(rows: unknown[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = JSON.stringify(row);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe("property: no identity ever sees a row or column outside its policy", () => {
  let pglite: PGlite;
  let driver: WarehouseDriver;
  const referenceMetadata = new Map<string, WarehouseMetadata>();
  const stats = { runs: 0, answered: 0, refused: 0 };
  const refusals = new Map<string, number>();

  beforeAll(async () => {
    pglite = await PGlite.create();
    await seedDemoWarehouse({ pglite });
    driver = createPgliteDriver(pglite);
    for (const [i, identity] of IDENTITIES.entries()) {
      const schema = `reference_${i}`;
      await pglite.exec(`CREATE SCHEMA ${schema}`);
      const tables = [];
      for (const table of demoMetadata.tables) {
        const where = identity.rows[table.name as Table];
        if (where === undefined) continue;
        await pglite.exec(
          `CREATE TABLE ${schema}.${table.name} AS SELECT * FROM public.${table.name} WHERE ${where}`,
        );
        const hidden = identity.hidden[table.name as Table] ?? [];
        tables.push({
          ...table,
          schema,
          columns: table.columns.filter((c) => !hidden.includes(c.name)),
        });
      }
      referenceMetadata.set(identity.name, { tables });
    }
  });
  afterAll(async () => {
    console.info(
      `[query] property runs: ${stats.runs} (${stats.answered} answered, ${stats.refused} refused with the same code as the reference: ${JSON.stringify(Object.fromEntries(refusals))})`,
    );
    await pglite?.close();
  });

  for (const identity of IDENTITIES) {
    it(`${identity.name}: ${RUNS_PER_IDENTITY} random queries`, async () => {
      const reference = referenceMetadata.get(identity.name);
      if (!reference) throw new Error("reference not built");
      const hiddenNames = Object.values(identity.hidden).flat();
      await fc.assert(
        fc.asyncProperty(queryArb, async (query) => {
          stats.runs++;
          const actual = await outcome(driver, query, demoMetadata, identity.policy, MAX_ROWS);
          const { limit: _, ...unlimited } = query;
          const expected = await outcome(driver, unlimited, reference, fullAccess, 1_000_000);
          if ("error" in expected || "error" in actual) {
            expect("error" in actual && actual.error).toBe("error" in expected && expected.error);
            stats.refused++;
            if ("error" in actual)
              refusals.set(actual.error, (refusals.get(actual.error) ?? 0) + 1);
            return;
          }
          stats.answered++;
          const { result } = actual;
          expect(result.columns).toEqual(expected.result.columns);
          // No hidden column is selected, named, or even read by the SQL.
          for (const name of hiddenNames) expect(actual.sql).not.toContain(`"${name}"`);
          // Every row is one the reference (only the identity's rows) also returns.
          const allowed = tally(expected.result.rows);
          for (const [key, count] of tally(result.rows)) {
            expect(count).toBeLessThanOrEqual(allowed.get(key) ?? 0);
          }
          const cap = query.limit ?? MAX_ROWS;
          expect(result.rowCount).toBe(Math.min(cap, expected.result.rowCount));
          expect(result.truncated).toBe(
            query.limit === undefined && expected.result.rowCount > MAX_ROWS,
          );
          // And directly: any account id a row carries belongs to the identity.
          result.columns.forEach((column, i) => {
            if (!/^([a-z_]+\.)?account_id$/.test(column.name)) return;
            for (const row of result.rows) {
              if (row[i] !== null) expect(identity.accounts).toContain(row[i]);
            }
          });
        }),
        { numRuns: RUNS_PER_IDENTITY },
      );
    });
  }

  it("the warehouse is intact afterwards", async () => {
    expect(
      (await driver.execute({ sql: "SELECT count(*)::int FROM accounts", parameters: [] })).rows,
    ).toEqual([[5]]);
  });
});
