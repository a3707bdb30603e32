import { describe, expect, it } from "vitest";
import {
  type CompiledQuery,
  compileNativeQuery,
  executeQuery,
  type NativeQueryValues,
  placeholderNames,
  postgresDialect,
  QueryError,
  type WarehouseDriver,
} from "../index";

const compile = (sql: string, values: NativeQueryValues = {}, maxRows = 100) =>
  compileNativeQuery(sql, values, { maxRows });

function errorOf(run: () => unknown): QueryError {
  try {
    run();
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
  throw new Error("expected a QueryError");
}

describe("compileNativeQuery", () => {
  it("marks the statement as raw SQL, for the driver's rolled-back transaction", () => {
    expect(compile("SELECT 1").hasRawSql).toBe(true);
  });

  it("binds each {{name}} as a parameter and wraps the SQL with maxRows + 1", () => {
    const compiled = compile(
      "SELECT * FROM accounts WHERE tenant_id = {{ tenant }} AND plan = {{plan}}",
      { tenant: 999, plan: "Premium", unused: "ignored" },
      50,
    );
    expect(compiled.sql).toMatchInlineSnapshot(`
      "SELECT * FROM (
      SELECT * FROM accounts WHERE tenant_id = $1 AND plan = $2
      ) AS "native_query" LIMIT $3"
    `);
    expect(compiled.parameters).toEqual([999, "Premium", 51]);
    expect(compiled).toMatchObject({ dialect: "postgres", columns: [], maxRows: 50 });
  });

  it("binds a list as ONE array parameter (= ANY({{ids}})) and repeats a name as often as used", () => {
    const compiled = compile(
      "SELECT * FROM accounts WHERE account_id = ANY({{ids}}) OR account_id = {{id}} OR account_id = {{id}}",
      { ids: [1, 2, 3], id: 4 },
    );
    expect(compiled.sql).toContain("account_id = ANY($1) OR account_id = $2 OR account_id = $3");
    expect(compiled.parameters).toEqual([[1, 2, 3], 4, 4, 101]);
  });

  it("keeps SQL in a value a value: nothing of it reaches the SQL text", () => {
    const attack = "x'; DROP TABLE accounts; --";
    const compiled = compile("SELECT * FROM accounts WHERE plan = {{plan}}", { plan: attack });
    expect(compiled.sql).not.toContain("DROP");
    expect(compiled.parameters).toEqual([attack, 101]);
  });

  it("accepts one trailing ';' and a trailing comment", () => {
    expect(compile("SELECT 1 AS one;  \n").sql).toContain("\nSELECT 1 AS one\n)");
    // The newline before ")" keeps a `-- comment` from swallowing the wrapper.
    expect(compile("SELECT 1 AS one -- the answer").sql).toContain("-- the answer\n) AS");
  });

  it.each([
    ["SELECT * FROM accounts WHERE tenant_id = $1", '"$n"'],
    ["SELECT 1; SELECT 2", "one statement"],
    ["SELECT 1; DROP TABLE accounts;", "one statement"],
    ["", "needs SQL"],
    [" ; ", "needs SQL"],
  ])("refuses %j with invalid_query", (sql, message) => {
    const error = errorOf(() => compile(sql));
    expect(error).toMatchObject({ code: "invalid_query", status: 400 });
    expect(error.message).toContain(message);
  });

  it("refuses a placeholder without a value with invalid_value", () => {
    for (const values of [{}, { tenant: null }, { tenant: undefined }]) {
      const error = errorOf(() => compile("SELECT {{tenant}} AS t", values));
      expect(error).toMatchObject({ code: "invalid_value", status: 400 });
      expect(error.message).toBe('parameter "tenant" needs a value');
    }
  });

  it("refuses values that are not scalars or lists of scalars", () => {
    const bad = [{ from: "2025-01-01" }, [{ a: 1 }], Number.NaN, "a\0b", "x".repeat(1001)];
    for (const value of bad) {
      const values = { v: value } as unknown as NativeQueryValues;
      expect(errorOf(() => compile("SELECT {{v}} AS v", values)).code).toBe("invalid_value");
    }
    const many = Array.from({ length: 501 }, (_, i) => i);
    expect(errorOf(() => compile("SELECT {{v}} AS v", { v: many })).code).toBe("query_too_complex");
  });

  it("needs a positive maxRows", () => {
    expect(() => compileNativeQuery("SELECT 1", {}, { maxRows: 0 })).toThrow(RangeError);
  });
});

describe("executeQuery with a native query", () => {
  const driverReturning = (fields: string[], rows: unknown[][]): WarehouseDriver => ({
    dialect: postgresDialect,
    execute: async () => ({ rows, rowCount: rows.length, fields }),
    stream: async () => {
      throw new Error("not used");
    },
    close: async () => undefined,
  });

  it("names the columns from the result and guesses their types from the values", async () => {
    const compiled = compile("SELECT …", {}, 2);
    const rows = [
      [1, "2025-03-01", "2025-03-01T10:00:00.000Z", true, "Premium", null, "12"],
      [2.5, null, new Date(0), false, "Basic", null, 12],
      [3, "2025-03-03", null, true, "Basic", null, "12"],
    ];
    const fields = ["n", "day", "at", "flag", "plan", "nothing", "mixed"];
    const result = await executeQuery(driverReturning(fields, rows), compiled);
    expect(result.columns).toEqual([
      { name: "n", displayName: "n", type: "number" },
      { name: "day", displayName: "day", type: "date" },
      { name: "at", displayName: "at", type: "date" },
      { name: "flag", displayName: "flag", type: "boolean" },
      { name: "plan", displayName: "plan", type: "text" },
      { name: "nothing", displayName: "nothing", type: "text" },
      { name: "mixed", displayName: "mixed", type: "text" },
    ]);
    expect(result).toMatchObject({ rowCount: 2, truncated: true });
  });

  it("keeps the columns of a structured query", async () => {
    const compiled: CompiledQuery = {
      dialect: "postgres",
      sql: "SELECT 1",
      parameters: [],
      columns: [{ name: "count", displayName: "Count", type: "number" }],
      maxRows: 10,
      hasRawSql: false,
    };
    const result = await executeQuery(driverReturning(["count"], [["1"]]), compiled);
    expect(result.columns).toEqual(compiled.columns);
  });
});

describe("placeholderNames", () => {
  it("lists each {{name}} once, in order, with the same syntax the compiler binds", () => {
    expect(
      placeholderNames(
        "SELECT * FROM t WHERE a = {{ tenant }} AND b = ANY({{ids}}) OR a = {{tenant}}",
      ),
    ).toEqual(["tenant", "ids"]);
    expect(placeholderNames("SELECT 1 WHERE x = '{ {not} }'")).toEqual([]);
  });
});
