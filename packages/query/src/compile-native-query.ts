import { sql } from "kysely";
import type { CompiledQuery } from "./compile-query";
import { kyselyFor } from "./internal/kysely-for";
import { bindPlaceholders, type StatementProblem, singleStatement } from "./internal/placeholders";
import { snippet } from "./internal/snippet";
import { MAX_TEXT_VALUE } from "./internal/values";
import type { Scalar } from "./policy";
import { QueryError } from "./query-error";
import { postgresDialect, type SqlDialect } from "./sql-dialect";

/** A native question's parameter values, by placeholder name. */
export type NativeQueryValues = Readonly<Record<string, Scalar | Scalar[] | null | undefined>>;

export interface CompileNativeQueryOptions {
  /** Defaults to {@link postgresDialect}. */
  dialect?: SqlDialect;
  /** Most rows a result may have; the SQL fetches one more so truncation can be reported. */
  maxRows: number;
}

const REFUSED: Record<StatementProblem, string> = {
  positional_parameter: 'a native query may not use "$n" parameters: write {{name}} placeholders',
  several_statements: 'a native query must be one statement: ";" is only allowed at the end',
};

/** Values in one list parameter, as for an `in` filter of a structured query. */
const MAX_LIST_VALUES = 500;

function isScalar(value: unknown): value is Scalar {
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value === "string") return value.length <= MAX_TEXT_VALUE && !value.includes("\0");
  return typeof value === "boolean";
}

/** Values arrive from requests: anything but a scalar or a list of scalars is refused here. */
function checkValues(values: NativeQueryValues): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null || isScalar(value)) continue;
    if (Array.isArray(value)) {
      if (value.length > MAX_LIST_VALUES) {
        throw new QueryError(
          "query_too_complex",
          `parameter ${snippet(name)} has more than ${MAX_LIST_VALUES} values`,
        );
      }
      if (value.every(isScalar)) continue;
    }
    throw new QueryError(
      "invalid_value",
      `parameter ${snippet(name)} must be a string (up to ${MAX_TEXT_VALUE} characters), a number or a boolean, or a list of them`,
    );
  }
}

/**
 * Compiles a native SQL question. Each `{{name}}` placeholder becomes a bound parameter with
 * `values[name]` — never spliced text, so SQL in a value is only ever a value. A list binds as
 * ONE array parameter: write `WHERE account_id = ANY({{ids}})`, not `IN ({{ids}})`. The SQL is
 * read as `SELECT * FROM (<sql>) AS native_query LIMIT maxRows + 1`, so `executeQuery` reports
 * truncation as for a structured query; its columns come from the result (`columns` is empty).
 *
 * This does not check who may run native SQL: that is the caller's rule (the analytics server
 * allows it only with full access to every table of the data source).
 * Drivers run it in a READ ONLY transaction under a time budget, so it can never write.
 * @throws QueryError `invalid_query` — empty, a `$1`-style parameter, or more than one statement
 *   (a `;` anywhere but at the end); `invalid_value` — a placeholder without a value, or a value
 *   that is not a scalar or a list of scalars.
 * @example
 * const compiled = compileNativeQuery(
 *   "SELECT status, count(*) FROM orders WHERE account_id = ANY({{ids}}) GROUP BY status",
 *   { ids: [1, 2] },
 *   { maxRows: 2000 },
 * );
 * const result = await executeQuery(driver, compiled, { timeoutMs: 30_000 });
 */
export function compileNativeQuery(
  sqlText: string,
  values: NativeQueryValues,
  options: CompileNativeQueryOptions,
): CompiledQuery {
  const { maxRows } = options;
  const dialect = options.dialect ?? postgresDialect;
  if (!Number.isSafeInteger(maxRows) || maxRows < 1) {
    throw new RangeError("compileNativeQuery: maxRows must be a positive integer");
  }
  if (typeof sqlText !== "string") {
    throw new QueryError("invalid_query", "a native query needs SQL text");
  }
  const statement = singleStatement(sqlText);
  if (statement.problem) throw new QueryError("invalid_query", REFUSED[statement.problem]);
  if (statement.text === "") throw new QueryError("invalid_query", "a native query needs SQL text");
  checkValues(values);
  const bound = bindPlaceholders(statement.text, values);
  if (bound.missing !== undefined) {
    throw new QueryError("invalid_value", `parameter ${snippet(bound.missing)} needs a value`);
  }
  // Newlines around the text: a trailing `-- comment` cannot swallow the closing parenthesis.
  const compiled =
    sql`SELECT * FROM (\n${bound.sql}\n) AS ${sql.id("native_query")} LIMIT ${maxRows + 1}`.compile(
      kyselyFor(dialect),
    );
  return {
    dialect: dialect.name,
    sql: compiled.sql,
    parameters: compiled.parameters,
    columns: [],
    maxRows,
    hasRawSql: true,
  };
}
