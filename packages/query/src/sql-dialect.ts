import {
  type Dialect,
  DummyDriver,
  type Expression,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type SqlBool,
  sql,
} from "kysely";
import type { DateUnit } from "./structured-query";

/**
 * The seam between the compiler and a warehouse engine: everything engine-specific the compiler
 * needs. Kysely builds and quotes the SQL; a dialect adds the few functions that differ between
 * engines. Postgres-compatible engines (Citus, CockroachDB, YugabyteDB) can mostly reuse
 * {@link postgresDialect}; ClickHouse or Trino would bring their own Kysely adapter and compiler
 * (`toStartOfMonth(x)`, `positionCaseInsensitive(x, s) > 0`, backtick quoting).
 */
export interface SqlDialect {
  /** `"postgres"`; drivers name the dialect they speak, and compiled queries carry it. */
  readonly name: string;
  /** A compile-only Kysely dialect: adapter and query compiler, a driver that never connects. */
  readonly kyselyDialect: Dialect;
  /**
   * The start of the day/week/month/quarter/year containing `column`; for a `date` column, a
   * `date` again (so a month reads `2025-01-01`, not a timestamp).
   */
  truncateDate(
    unit: DateUnit,
    column: Expression<unknown>,
    columnType: "date" | "timestamp",
  ): Expression<unknown>;
  /** Case-insensitive "contains": `pattern` is already LIKE-escaped and wrapped in `%…%`. */
  containsText(
    column: Expression<unknown>,
    pattern: string,
    isPlainText: boolean,
  ): Expression<SqlBool>;
  /** How the engine quotes an identifier (Kysely's compiler does the quoting in queries). */
  quoteIdentifier(name: string): string;
}

/** PostgreSQL (and PGlite, which is PostgreSQL). */
export const postgresDialect: SqlDialect = {
  name: "postgres",
  kyselyDialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
  truncateDate(unit, column, columnType) {
    // `unit` is one of five fixed words (validated), so it may be a literal: a bound parameter
    // here would make `GROUP BY` and `SELECT` two different expressions to PostgreSQL.
    const truncated = sql`date_trunc(${sql.lit(unit)}, ${column})`;
    return columnType === "date" ? sql`cast(${truncated} as date)` : truncated;
  },
  containsText(column, pattern, isPlainText) {
    // LIKE's default escape character in PostgreSQL is the backslash.
    return isPlainText
      ? sql<SqlBool>`${column} ilike ${pattern}`
      : sql<SqlBool>`cast(${column} as text) ilike ${pattern}`;
  },
  quoteIdentifier: (name) => `"${name.replaceAll('"', '""')}"`,
};
