import { describe, expect, it } from "vitest";
import {
  type AttributeValue,
  buildDrillThroughQuery,
  type CompileQueryOptions,
  compileFilterValues,
  compileQuery,
  type DataPolicy,
  QueryError,
  type StructuredQuery,
} from "../index";
import { customer1, demoMetadata, fullAccess, noAccess, tenant999 } from "./fixtures";

const options = (policy: DataPolicy, maxRows = 100): CompileQueryOptions => ({
  metadata: demoMetadata,
  policy,
  maxRows,
});

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof QueryError) return error.code;
    throw error;
  }
  throw new Error("expected a QueryError");
}

function errorOf(run: () => unknown): QueryError {
  try {
    run();
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
  throw new Error("expected a QueryError");
}

const hidePlan: DataPolicy = {
  tables: {
    ...tenant999.tables,
    accounts: {
      level: "sandboxed",
      rowFilters: [{ kind: "column_attribute", column: "tenant_id", value: 999 }],
      visibleColumns: ["account_id", "tenant_id", "name", "status", "created_at"],
    },
  },
};

describe("validation: one code per way a query is refused", () => {
  it.each<[string, unknown, DataPolicy, string]>([
    ["not an object", "SELECT 1", fullAccess, "invalid_query"],
    ["no source", { filters: [] }, fullAccess, "invalid_query"],
    ["an unknown key", { source: "orders", where: "1=1" }, fullAccess, "invalid_query"],
    [
      "an unknown operator",
      { source: "orders", filters: [["like", "status", "x"]] },
      fullAccess,
      "invalid_query",
    ],
    [
      "a filter without a value",
      { source: "orders", filters: [["=", "status"]] },
      fullAccess,
      "invalid_query",
    ],
    [
      "count with a column",
      { source: "orders", aggregations: [["count", "amount"]] },
      fullAccess,
      "invalid_query",
    ],
    [
      "an unknown date unit",
      { source: "orders", breakouts: [["hour", "ordered_at"]] },
      fullAccess,
      "invalid_query",
    ],
    ["a negative limit", { source: "orders", limit: -1 }, fullAccess, "invalid_query"],
    ["a fractional limit", { source: "orders", limit: 1.5 }, fullAccess, "invalid_query"],
    ["a limit above maxRows", { source: "orders", limit: 101 }, fullAccess, "limit_too_large"],
    ["a table that does not exist", { source: "customers" }, fullAccess, "unknown_table"],
    ["a table without access", { source: "orders" }, noAccess, "unknown_table"],
    [
      "a joined table without access",
      { source: "orders", joins: [{ table: "accounts" }] },
      { tables: { orders: { level: "full" } } },
      "unknown_table",
    ],
    [
      "a column that does not exist",
      { source: "orders", filters: [["=", "colour", "red"]] },
      fullAccess,
      "unknown_column",
    ],
    [
      "a hidden column",
      { source: "accounts", filters: [["=", "plan", "Basic"]] },
      hidePlan,
      "unknown_column",
    ],
    [
      "a hidden column in a sort",
      { source: "accounts", orderBy: [["asc", "plan"]] },
      hidePlan,
      "unknown_column",
    ],
    [
      "a hidden column through a join",
      { source: "orders", joins: [{ table: "accounts" }], breakouts: ["accounts.plan"] },
      hidePlan,
      "unknown_column",
    ],
    [
      "a column of a table not joined",
      { source: "orders", breakouts: ["accounts.plan"] },
      fullAccess,
      "unknown_column",
    ],
    [
      "a join with no foreign key",
      { source: "orders", joins: [{ table: "invoices" }] },
      fullAccess,
      "invalid_join",
    ],
    [
      "a join via a non-key column",
      { source: "orders", joins: [{ table: "accounts", via: "tenant_id" }] },
      fullAccess,
      "invalid_join",
    ],
    [
      "a table joined twice",
      { source: "orders", joins: [{ table: "accounts" }, { table: "accounts" }] },
      fullAccess,
      "invalid_join",
    ],
    [
      "the sum of text",
      { source: "orders", aggregations: [["sum", "status"]] },
      fullAccess,
      "invalid_operation",
    ],
    [
      "the month of a number",
      { source: "orders", breakouts: [["month", "amount"]] },
      fullAccess,
      "invalid_operation",
    ],
    [
      "contains on a number",
      { source: "orders", filters: [["contains", "amount", "1"]] },
      fullAccess,
      "invalid_operation",
    ],
    [
      "text for an integer",
      { source: "orders", filters: [["=", "items", "three"]] },
      fullAccess,
      "invalid_value",
    ],
    [
      "an impossible date",
      { source: "invoices", filters: [[">", "issued_at", "2025-02-30"]] },
      fullAccess,
      "invalid_value",
    ],
    [
      "an integer out of range",
      { source: "orders", filters: [["=", "items", 2 ** 40]] },
      fullAccess,
      "invalid_value",
    ],
    [
      "a number for a text column",
      { source: "orders", filters: [["=", "status", 1]] },
      fullAccess,
      "invalid_value",
    ],
    [
      "a NUL character",
      { source: "orders", filters: [["=", "status", "a\u0000b"]] },
      fullAccess,
      "invalid_value",
    ],
    [
      "too many filters",
      { source: "orders", filters: Array(21).fill(["not-null", "status"]) },
      fullAccess,
      "query_too_complex",
    ],
    [
      "too many aggregations",
      { source: "orders", aggregations: Array(11).fill(["count"]) },
      fullAccess,
      "query_too_complex",
    ],
    [
      "too many breakouts",
      { source: "orders", breakouts: Array(6).fill("status") },
      fullAccess,
      "query_too_complex",
    ],
    [
      "too many in-values",
      { source: "orders", filters: [["in", "items", Array(501).fill(1)]] },
      fullAccess,
      "query_too_complex",
    ],
    [
      "a sort on a non-breakout",
      { source: "orders", aggregations: [["count"]], orderBy: [["asc", "amount"]] },
      fullAccess,
      "invalid_query",
    ],
    [
      "a sort on a missing aggregation",
      { source: "orders", aggregations: [["count"]], orderBy: [["asc", ["aggregation", 1]]] },
      fullAccess,
      "invalid_query",
    ],
  ])("%s", (_, query, policy, code) => {
    expect(codeOf(() => compileQuery(query, options(policy)))).toBe(code);
  });

  it("answers the same for a missing table and one the viewer may not see", () => {
    const missing = errorOf(() => compileQuery({ source: "secret_table" }, options(noAccess)));
    const hidden = errorOf(() => compileQuery({ source: "secret_table" }, options(fullAccess)));
    expect(hidden.message).toBe(missing.message);
    const forbidden = errorOf(() => compileQuery({ source: "orders" }, options(noAccess)));
    expect(forbidden.message).toBe('unknown table "orders"');
  });

  it("answers the same for a missing column and a hidden one", () => {
    const hidden = errorOf(() =>
      compileQuery({ source: "accounts", breakouts: ["plan"] }, options(hidePlan)),
    );
    expect(hidden.message).toBe(
      'unknown column "plan": name a column of "accounts" or "table.column" of a joined table',
    );
    expect(hidden.status).toBe(400);
  });

  it("echoes at most a short, escaped snippet of the input", () => {
    const payload = `<script>alert(1)</script>"\n${"x".repeat(10_000)}`;
    for (const query of [
      { source: payload },
      { source: "orders", filters: [["=", payload, 1]] },
      { source: "orders", filters: [["=", "items", payload]] },
      { source: "orders", [payload]: 1 },
    ]) {
      const error = errorOf(() => compileQuery(query, options(fullAccess)));
      expect(error.message.length).toBeLessThan(250);
      expect(error.message).not.toContain("<script>");
      expect(error.message).not.toContain("\n");
    }
  });

  it("refuses a SQL view that uses positional parameters", () => {
    const policy: DataPolicy = {
      tables: {
        accounts: {
          level: "sandboxed",
          rowFilters: [
            {
              kind: "sql_view",
              sql: "SELECT * FROM accounts WHERE tenant_id = $1",
              attributes: {},
            },
          ],
          visibleColumns: null,
        },
      },
    };
    expect(codeOf(() => compileQuery({ source: "accounts" }, options(policy)))).toBe(
      "invalid_policy",
    );
  });

  it("refuses metadata that names a table twice", () => {
    const [first] = demoMetadata.tables;
    if (!first) throw new Error("fixture");
    const metadata = { tables: [first, { ...first, schema: "other" }] };
    expect(
      codeOf(() =>
        compileQuery({ source: "accounts" }, { metadata, policy: fullAccess, maxRows: 1 }),
      ),
    ).toBe("invalid_metadata");
  });
});

describe("compiled SQL", () => {
  it("source only, full access", () => {
    const compiled = compileQuery({ source: "accounts" }, options(fullAccess));
    expect(compiled.sql).toMatchInlineSnapshot(
      `"select "accounts"."account_id" as "account_id", "accounts"."tenant_id" as "tenant_id", "accounts"."name" as "name", "accounts"."plan" as "plan", "accounts"."status" as "status", "accounts"."created_at" as "created_at" from "public"."accounts" as "accounts" limit $1"`,
    );
    expect(compiled.parameters).toEqual([101]);
    expect(compiled.columns.map((c) => c.name)).toEqual([
      "account_id",
      "tenant_id",
      "name",
      "plan",
      "status",
      "created_at",
    ]);
  });

  it("a join, filters, aggregations and a date breakout, full access", () => {
    const compiled = compileQuery(
      {
        source: "orders",
        joins: [{ table: "accounts" }],
        filters: [
          ["=", "accounts.plan", "Premium"],
          ["between", "ordered_at", "2025-01-01", "2025-06-30T23:59:59Z"],
          ["in", "status", ["shipped", "delivered"]],
        ],
        aggregations: [["count"], ["sum", "amount"]],
        breakouts: [["month", "ordered_at"], "accounts.status"],
        orderBy: [["desc", ["aggregation", 1]]],
        limit: 10,
      },
      options(fullAccess),
    );
    expect(compiled.sql).toMatchInlineSnapshot(
      `"select date_trunc('month', "orders"."ordered_at") as "ordered_at:month", "accounts"."status" as "accounts.status", count(*) as "count", sum("orders"."amount") as "sum(amount)" from "public"."orders" as "orders" left join "public"."accounts" as "accounts" on "orders"."account_id" = "accounts"."account_id" where "accounts"."plan" = $1 and "orders"."ordered_at" between $2 and $3 and "orders"."status" in ($4, $5) group by date_trunc('month', "orders"."ordered_at"), "accounts"."status" order by "sum(amount)" desc limit $6"`,
    );
    expect(compiled.parameters).toEqual([
      "Premium",
      "2025-01-01",
      "2025-06-30T23:59:59Z",
      "shipped",
      "delivered",
      10,
    ]);
    expect(compiled.columns).toEqual([
      { name: "ordered_at:month", displayName: "Ordered At: Month", type: "date" },
      { name: "accounts.status", displayName: "Accounts → Status", type: "category" },
      { name: "count", displayName: "Count", type: "number" },
      { name: "sum(amount)", displayName: "Sum of Amount", type: "number" },
    ]);
  });

  it("sandboxed by a column attribute, in the source and in a join", () => {
    const compiled = compileQuery(
      {
        source: "orders",
        joins: [{ table: "accounts" }],
        aggregations: [["count"]],
        breakouts: ["accounts.name"],
      },
      options(tenant999),
    );
    expect(compiled.sql).toMatchInlineSnapshot(
      `"select "accounts"."name" as "accounts.name", count(*) as "count" from (select "order_id", "tenant_id", "account_id", "ordered_at", "status", "amount", "items" from "public"."orders" where "tenant_id" = $1) as "orders" left join (select "account_id", "tenant_id", "name", "plan", "status", "created_at" from "public"."accounts" where "tenant_id" = $2) as "accounts" on "orders"."account_id" = "accounts"."account_id" group by "accounts"."name" order by "accounts.name" asc limit $3"`,
    );
    expect(compiled.parameters).toEqual([999, 999, 101]);
  });

  it("a list attribute becomes IN (…), an empty list FALSE", () => {
    const policy = (value: number[]): DataPolicy => ({
      tables: {
        accounts: {
          level: "sandboxed",
          rowFilters: [{ kind: "column_attribute", column: "account_id", value }],
          visibleColumns: null,
        },
      },
    });
    const list = compileQuery(
      { source: "accounts", aggregations: [["count"]] },
      options(policy([1, 4])),
    );
    expect(list.sql).toMatchInlineSnapshot(
      `"select count(*) as "count" from (select "account_id", "tenant_id", "name", "plan", "status", "created_at" from "public"."accounts" where "account_id" in ($1, $2)) as "accounts" limit $3"`,
    );
    expect(list.parameters).toEqual([1, 4, 101]);
    const empty = compileQuery(
      { source: "accounts", aggregations: [["count"]] },
      options(policy([])),
    );
    expect(empty.sql).toContain("where false");
  });

  it("a missing attribute means no rows, never all rows", () => {
    const policy: DataPolicy = {
      tables: {
        accounts: {
          level: "sandboxed",
          rowFilters: [{ kind: "column_attribute", column: "tenant_id", value: undefined }],
          visibleColumns: null,
        },
      },
    };
    const compiled = compileQuery(
      { source: "accounts", aggregations: [["count"]] },
      options(policy),
    );
    expect(compiled.sql).toMatchInlineSnapshot(
      `"select count(*) as "count" from (select "account_id", "tenant_id", "name", "plan", "status", "created_at" from "public"."accounts" where false) as "accounts" limit $1"`,
    );
    // A value that cannot be a tenant id cannot match either (and is not sent to the database).
    const wrongType = compileQuery(
      { source: "accounts" },
      options({
        tables: {
          accounts: {
            level: "sandboxed",
            rowFilters: [{ kind: "column_attribute", column: "tenant_id", value: "999 OR 1=1" }],
            visibleColumns: null,
          },
        },
      }),
    );
    expect(wrongType.sql).toContain("where false");
    expect(wrongType.parameters).toEqual([101]);
  });

  it("a SQL view binds its placeholders; a missing placeholder attribute yields no rows", () => {
    const view = (attributes: Record<string, number | number[] | undefined>): DataPolicy => ({
      tables: {
        accounts: {
          level: "sandboxed",
          rowFilters: [
            {
              kind: "sql_view",
              sql: "SELECT * FROM accounts WHERE tenant_id = ANY({{tenants}}) -- tenants' accounts;",
              attributes,
            },
          ],
          visibleColumns: null,
        },
      },
    });
    const compiled = compileQuery(
      { source: "accounts", aggregations: [["count"]] },
      options(view({ tenants: [999, 777] })),
    );
    expect(compiled.sql).toMatchInlineSnapshot(`
      "select count(*) as "count" from (select "account_id", "tenant_id", "name", "plan", "status", "created_at" from (
      SELECT * FROM accounts WHERE tenant_id = ANY($1) -- tenants' accounts
      ) as "v") as "accounts" limit $2"
    `);
    expect(compiled.parameters).toEqual([[999, 777], 101]);
    const missing = compileQuery(
      { source: "accounts", aggregations: [["count"]] },
      options(view({})),
    );
    expect(missing.sql).toContain("where false");
  });

  it("several groups' filters and views combine with UNION over visible and key columns", () => {
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
          visibleColumns: ["name", "status"],
        },
      },
    };
    const compiled = compileQuery({ source: "accounts" }, options(policy));
    expect(compiled.sql).toMatchInlineSnapshot(`
      "select "accounts"."name" as "name", "accounts"."status" as "status" from (select "name", "status" from (select "account_id", "name", "status" from "public"."accounts" where "account_id" = $1 union select "account_id", "name", "status" from (
      SELECT * FROM accounts WHERE tenant_id = $2
      ) as "v") as "u") as "accounts" limit $3"
    `);
    expect(compiled.columns.map((c) => c.name)).toEqual(["name", "status"]);
  });

  it("hidden columns appear nowhere in the SQL or the result", () => {
    const compiled = compileQuery(
      { source: "orders", joins: [{ table: "accounts" }] },
      options(hidePlan),
    );
    expect(compiled.sql).not.toContain('"plan"');
    expect(compiled.columns.map((c) => c.name)).not.toContain("accounts.plan");
    expect(compiled.sql).toMatchInlineSnapshot(
      `"select "orders"."order_id" as "order_id", "orders"."tenant_id" as "tenant_id", "orders"."account_id" as "account_id", "orders"."ordered_at" as "ordered_at", "orders"."status" as "status", "orders"."amount" as "amount", "orders"."items" as "items", "accounts"."account_id" as "accounts.account_id", "accounts"."tenant_id" as "accounts.tenant_id", "accounts"."name" as "accounts.name", "accounts"."status" as "accounts.status", "accounts"."created_at" as "accounts.created_at" from (select "order_id", "tenant_id", "account_id", "ordered_at", "status", "amount", "items" from "public"."orders" where "tenant_id" = $1) as "orders" left join (select "account_id", "tenant_id", "name", "status", "created_at" from "public"."accounts" where "tenant_id" = $2) as "accounts" on "orders"."account_id" = "accounts"."account_id" limit $3"`,
    );
  });

  it("fetches maxRows + 1 without a limit, and exactly the limit with one", () => {
    expect(compileQuery({ source: "orders" }, options(fullAccess, 50)).parameters).toEqual([51]);
    const limited = compileQuery({ source: "orders", limit: 7 }, options(fullAccess, 50));
    expect(limited.parameters).toEqual([7]);
    expect(limited.maxRows).toBe(7);
  });

  it("sends values only as parameters and takes identifiers only from metadata", () => {
    const hostile = [
      "1; DROP TABLE accounts",
      "' OR 1=1 --",
      '" OR "1"="1',
      "’ OR 1=1 --",
      "\\'; SELECT pg_sleep(10); --",
    ];
    const compiled = compileQuery(
      {
        source: "orders",
        joins: [{ table: "accounts" }],
        filters: [
          ["in", "status", hostile],
          ["contains", "accounts.name", hostile[1] ?? ""],
          ["!=", "accounts.plan", hostile[2] ?? ""],
        ],
        aggregations: [["count"], ["avg", "amount"], ["distinct-count", "accounts.name"]],
        breakouts: [["week", "ordered_at"], "accounts.plan"],
      },
      options(customer1),
    );
    for (const value of hostile) expect(compiled.sql).not.toContain(value);
    expect(compiled.parameters).toEqual(expect.arrayContaining(hostile));
    // The only string literal is the date unit, one of five fixed words.
    expect(compiled.sql.replaceAll("'week'", "")).not.toContain("'");
    const identifiers = [...compiled.sql.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]);
    const known = new Set<string>(["public", "u", "v", "_"]);
    for (const table of demoMetadata.tables) {
      known.add(table.name);
      for (const column of table.columns) known.add(column.name);
    }
    for (const column of compiled.columns) known.add(column.name);
    for (const identifier of identifiers) expect(known).toContain(identifier);
  });
});

describe("hasRawSql: what keeps a statement in the driver's rolled-back transaction", () => {
  const withView = (tenantAttribute: AttributeValue | undefined): DataPolicy => ({
    tables: {
      ...fullAccess.tables,
      accounts: {
        level: "sandboxed",
        rowFilters: [
          {
            kind: "sql_view",
            sql: "SELECT * FROM accounts WHERE tenant_id = {{tenant}}",
            attributes: tenantAttribute === undefined ? {} : { tenant: tenantAttribute },
          },
        ],
        visibleColumns: null,
      },
    },
  });
  const joined = { source: "orders", joins: [{ table: "accounts" }] };

  it("is false for SQL the compiler wrote alone: full access, attribute sandboxes, filter values", () => {
    expect(compileQuery(joined, options(fullAccess)).hasRawSql).toBe(false);
    expect(compileQuery(joined, options(tenant999)).hasRawSql).toBe(false);
    expect(compileQuery(joined, options(customer1)).hasRawSql).toBe(false);
    const values = compileFilterValues("accounts", "name", {
      metadata: demoMetadata,
      policy: tenant999,
      limit: 20,
    });
    expect(values.hasRawSql).toBe(false);
  });

  it("is true when a SQL view is embedded, in the source or a join, or left out for a missing attribute", () => {
    const embedded = compileQuery({ source: "accounts" }, options(withView(999)));
    expect(embedded.sql).toContain("SELECT * FROM accounts WHERE tenant_id = $1");
    expect(embedded.hasRawSql).toBe(true);
    expect(compileQuery(joined, options(withView(999))).hasRawSql).toBe(true);
    expect(compileQuery({ source: "accounts" }, options(withView(undefined))).hasRawSql).toBe(true);
  });
});

describe("filter values and drill-through are ordinary structured queries", () => {
  it("lists a column's distinct values through the viewer's policy", () => {
    const compiled = compileFilterValues("accounts", "name", {
      metadata: demoMetadata,
      policy: tenant999,
      search: "50%_off",
      limit: 20,
    });
    expect(compiled.sql).toMatchInlineSnapshot(
      `"select "accounts"."name" as "name" from (select "account_id", "tenant_id", "name", "plan", "status", "created_at" from "public"."accounts" where "tenant_id" = $1) as "accounts" where "accounts"."name" is not null and "accounts"."name" ilike $2 group by "accounts"."name" order by "name" asc limit $3"`,
    );
    expect(compiled.parameters).toEqual([999, "%50\\%\\_off%", 21]);
    expect(() =>
      compileFilterValues("accounts", "plan", {
        metadata: demoMetadata,
        policy: hidePlan,
        limit: 20,
      }),
    ).toThrow(expect.objectContaining({ code: "unknown_column" }));
  });

  it("turns the clicked breakout values into filters without aggregations", () => {
    const chart: StructuredQuery = {
      source: "orders",
      joins: [{ table: "accounts" }],
      filters: [["=", "status", "shipped"]],
      aggregations: [["count"]],
      breakouts: [["month", "ordered_at"], "accounts.plan", ["quarter", "accounts.created_at"]],
    };
    expect(buildDrillThroughQuery(chart, ["2025-11-01T00:00:00.000Z", "Premium", null])).toEqual({
      source: "orders",
      joins: [{ table: "accounts" }],
      filters: [
        ["=", "status", "shipped"],
        [">=", "ordered_at", "2025-11-01T00:00:00.000Z"],
        ["<", "ordered_at", "2025-12-01T00:00:00.000Z"],
        ["=", "accounts.plan", "Premium"],
        ["is-null", "accounts.created_at"],
      ],
    });
    const byDay = buildDrillThroughQuery(
      { source: "invoices", aggregations: [["count"]], breakouts: [["week", "issued_at"]] },
      ["2024-12-30"],
    );
    expect(byDay.filters).toEqual([
      [">=", "issued_at", "2024-12-30"],
      ["<", "issued_at", "2025-01-06"],
    ]);
    // …and it compiles like any query, under the same policy.
    expect(() =>
      compileQuery(
        buildDrillThroughQuery(chart, ["2025-11-01T00:00:00.000Z", "Premium", null]),
        options(tenant999),
      ),
    ).not.toThrow();
  });
});
