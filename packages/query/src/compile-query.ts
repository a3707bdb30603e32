import { type Expression, type RawBuilder, type SqlBool, sql } from "kysely";
import { isComparable, isNumeric, isOrdered, isTemporal } from "./internal/column-kind";
import { kyselyFor } from "./internal/kysely-for";
import { indexMetadata, type ResolvedColumn, resolveTable, Scope } from "./internal/scope";
import { snippet } from "./internal/snippet";
import { tableSource } from "./internal/table-source";
import { escapeLikePattern, MAX_TEXT_VALUE, requireValue } from "./internal/values";
import type { SemanticType, WarehouseMetadata } from "./metadata";
import { parseStructuredQuery } from "./parse-structured-query";
import type { DataPolicy } from "./policy";
import { QueryError } from "./query-error";
import { postgresDialect, type SqlDialect } from "./sql-dialect";
import type {
  Aggregation,
  Breakout,
  DateUnit,
  Filter,
  OrderBy,
  StructuredQuery,
} from "./structured-query";

/** How big a query may get. Each bound keeps a single request from costing the warehouse much. */
export interface QueryLimits {
  maxJoins: number;
  maxFilters: number;
  maxAggregations: number;
  maxBreakouts: number;
  maxOrderBy: number;
  /** Values in one `in` filter. */
  maxInValues: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxJoins: 4,
  maxFilters: 20,
  maxAggregations: 10,
  maxBreakouts: 5,
  maxOrderBy: 10,
  maxInValues: 500,
};

export interface CompileQueryOptions {
  /** The warehouse's tables, as synced by the app. */
  metadata: WarehouseMetadata;
  /** The viewer's effective policy (see `mergeGroupPolicies`). */
  policy: DataPolicy;
  /** Defaults to {@link postgresDialect}. */
  dialect?: SqlDialect;
  /** Most rows a result may have; a query's `limit` may not exceed it. */
  maxRows: number;
  limits?: Partial<QueryLimits>;
}

/** A column of a result. `type` is the semantic type charts and formatters go by. */
export interface ResultColumn {
  name: string;
  displayName: string;
  type: SemanticType;
}

/** SQL ready for a driver, and what its rows mean. */
export interface CompiledQuery {
  /** The dialect the SQL is written in; a driver refuses SQL for another one. */
  dialect: string;
  sql: string;
  parameters: readonly unknown[];
  /** What the rows mean; empty for native SQL, whose columns `executeQuery` reads off the result. */
  columns: ResultColumn[];
  /**
   * Rows to keep: the SQL fetches one more when the query has no `limit` of its own, so a runner
   * can tell the result was truncated (see `executeQuery`).
   */
  maxRows: number;
  /**
   * The SQL carries text the compiler did not write (native SQL, a sandbox's SQL view): the
   * driver then runs it in a rolled-back READ ONLY transaction (see `Statement.hasRawSql`).
   */
  hasRawSql: boolean;
}

const OPERATORS = { "=": "=", "!=": "<>", "<": "<", ">": ">", "<=": "<=", ">=": ">=" } as const;
const UNIT_NAMES: Record<DateUnit, string> = {
  day: "Day",
  week: "Week",
  month: "Month",
  quarter: "Quarter",
  year: "Year",
};
const AGGREGATION_NAMES = {
  sum: "Sum",
  avg: "Average",
  min: "Min",
  max: "Max",
  "distinct-count": "Distinct values",
} as const;
/** PostgreSQL truncates longer identifiers; longer output names get a positional alias. */
const MAX_ALIAS_BYTES = 63;

interface Output {
  expression: Expression<unknown>;
  column: ResultColumn;
}

function displayNameOf(col: ResolvedColumn, scope: Scope): string {
  return col.table === scope.source
    ? col.column.displayName
    : `${col.table.table.displayName} → ${col.column.displayName}`;
}

function refOf(col: ResolvedColumn): RawBuilder<unknown> {
  return sql.id(col.table.alias, col.column.name);
}

function refuse(what: string, col: ResolvedColumn): never {
  throw new QueryError(
    "invalid_operation",
    `${what} does not apply to column ${snippet(col.ref)} (${col.column.databaseType})`,
  );
}

function filterPredicate(
  filter: Filter,
  scope: Scope,
  dialect: SqlDialect,
  limits: QueryLimits,
): Expression<SqlBool> {
  const col = scope.resolveColumn(filter[1]);
  const ref = refOf(col);
  switch (filter[0]) {
    case "is-null":
      return sql<SqlBool>`${ref} is null`;
    case "not-null":
      return sql<SqlBool>`${ref} is not null`;
    case "=":
    case "!=":
      if (!isComparable(col.kind)) refuse(`"${filter[0]}"`, col);
      return sql<SqlBool>`${ref} ${sql.raw(OPERATORS[filter[0]])} ${requireValue(filter[2], col.kind, col.ref)}`;
    case "<":
    case ">":
    case "<=":
    case ">=":
      if (!isOrdered(col.kind)) refuse(`"${filter[0]}"`, col);
      return sql<SqlBool>`${ref} ${sql.raw(OPERATORS[filter[0]])} ${requireValue(filter[2], col.kind, col.ref)}`;
    case "between": {
      if (!isOrdered(col.kind)) refuse('"between"', col);
      const low = requireValue(filter[2], col.kind, col.ref);
      const high = requireValue(filter[3], col.kind, col.ref);
      return sql<SqlBool>`${ref} between ${low} and ${high}`;
    }
    case "in": {
      if (!isComparable(col.kind)) refuse('"in"', col);
      if (filter[2].length > limits.maxInValues) {
        throw new QueryError(
          "query_too_complex",
          `an "in" filter may list at most ${limits.maxInValues} values`,
        );
      }
      const values = filter[2].map((v) => requireValue(v, col.kind, col.ref));
      return sql<SqlBool>`${ref} in (${sql.join(values)})`;
    }
    case "contains": {
      if (col.kind.kind !== "text") refuse('"contains"', col);
      const text = filter[2];
      if (text.length > MAX_TEXT_VALUE || text.includes("\0")) {
        requireValue(text, col.kind, col.ref); // throws the usual invalid_value
      }
      const pattern = `%${escapeLikePattern(text)}%`;
      return dialect.containsText(ref, pattern, col.kind.isPlainText);
    }
  }
}

function aggregationOutput(aggregation: Aggregation, scope: Scope): Output {
  if (aggregation[0] === "count") {
    return {
      expression: sql`count(*)`,
      column: { name: "count", displayName: "Count", type: "number" },
    };
  }
  const [fn, ref] = aggregation;
  const col = scope.resolveColumn(ref);
  let expression: Expression<unknown>;
  let type: SemanticType = "number";
  switch (fn) {
    case "sum":
    case "avg":
      if (!isNumeric(col.kind)) refuse(`"${fn}"`, col);
      expression = sql`${sql.raw(fn)}(${refOf(col)})`;
      break;
    case "min":
    case "max":
      if (!isOrdered(col.kind)) refuse(`"${fn}"`, col);
      expression = sql`${sql.raw(fn)}(${refOf(col)})`;
      type = col.column.semanticType;
      break;
    case "distinct-count":
      if (!isComparable(col.kind)) refuse('"distinct-count"', col);
      expression = sql`count(distinct ${refOf(col)})`;
      break;
  }
  return {
    expression,
    column: {
      name: `${fn}(${col.ref})`,
      displayName: `${AGGREGATION_NAMES[fn]} of ${displayNameOf(col, scope)}`,
      type,
    },
  };
}

interface BreakoutOutput extends Output {
  col: ResolvedColumn;
  unit: DateUnit | undefined;
}

function breakoutOutput(breakout: Breakout, scope: Scope, dialect: SqlDialect): BreakoutOutput {
  if (typeof breakout === "string") {
    const col = scope.resolveColumn(breakout);
    if (!isComparable(col.kind)) refuse("grouping", col);
    return {
      col,
      unit: undefined,
      expression: refOf(col),
      column: {
        name: col.ref,
        displayName: displayNameOf(col, scope),
        type: col.column.semanticType,
      },
    };
  }
  const [unit, ref] = breakout;
  const col = scope.resolveColumn(ref);
  if (!isTemporal(col.kind)) refuse(`"${unit}"`, col);
  const columnType = col.kind.kind === "date" ? "date" : "timestamp";
  return {
    col,
    unit,
    expression: dialect.truncateDate(unit, refOf(col), columnType),
    column: {
      name: `${col.ref}:${unit}`,
      displayName: `${displayNameOf(col, scope)}: ${UNIT_NAMES[unit]}`,
      type: "date",
    },
  };
}

function checkCount(what: string, count: number, max: number): void {
  if (count > max) {
    throw new QueryError("query_too_complex", `a query may have at most ${max} ${what}`);
  }
}

/**
 * Validates a structured query against the metadata and the viewer's policy and compiles it to
 * parameterised SQL. Every sandboxed table — source and joins — is read through its filtered
 * subquery; hidden columns cannot be selected, filtered, grouped, sorted or joined on.
 *
 * `query` is untrusted input (a request body): it is parsed here, not trusted for its type.
 * @throws QueryError with a 4xx `code` when the query is invalid or names what the viewer cannot see
 * @example
 * const compiled = compileQuery(
 *   { source: "orders", aggregations: [["count"]], breakouts: [["month", "ordered_at"]] },
 *   { metadata, policy: mergeGroupPolicies(groupPolicies), maxRows: 2000 },
 * );
 * const result = await executeQuery(driver, compiled, { timeoutMs: 30_000 });
 */
export function compileQuery(
  query: StructuredQuery | unknown,
  options: CompileQueryOptions,
): CompiledQuery {
  const { metadata, policy, maxRows } = options;
  const dialect = options.dialect ?? postgresDialect;
  const limits = { ...DEFAULT_QUERY_LIMITS, ...options.limits };
  if (!Number.isSafeInteger(maxRows) || maxRows < 1) {
    throw new RangeError("compileQuery: maxRows must be a positive integer");
  }
  const parsed = parseStructuredQuery(query);
  const joins = parsed.joins ?? [];
  const filters = parsed.filters ?? [];
  const aggregations = parsed.aggregations ?? [];
  const breakouts = parsed.breakouts ?? [];
  const orderBy = parsed.orderBy ?? [];
  checkCount("joins", joins.length, limits.maxJoins);
  checkCount("filters", filters.length, limits.maxFilters);
  checkCount("aggregations", aggregations.length, limits.maxAggregations);
  checkCount("breakouts", breakouts.length, limits.maxBreakouts);
  checkCount("orderBy entries", orderBy.length, limits.maxOrderBy);
  if (parsed.limit !== undefined && parsed.limit > maxRows) {
    throw new QueryError("limit_too_large", `limit may be at most ${maxRows}`);
  }

  const index = indexMetadata(metadata);
  const scope = new Scope(resolveTable(parsed.source, index, policy));
  for (const join of joins) scope.addJoin(join, resolveTable(join.table, index, policy));

  const predicates = filters.map((f) => filterPredicate(f, scope, dialect, limits));
  const breakoutOutputs = breakouts.map((b) => breakoutOutput(b, scope, dialect));
  const aggregationOutputs = aggregations.map((a) => aggregationOutput(a, scope));
  const isSummary = breakoutOutputs.length > 0 || aggregationOutputs.length > 0;

  const outputs: Output[] = isSummary
    ? [...breakoutOutputs, ...aggregationOutputs]
    : scope.tables.flatMap((table) =>
        [...table.visible.values()].map((column) => {
          const col = scope.resolveColumn(
            table === scope.source ? column.name : `${table.alias}.${column.name}`,
          );
          return {
            expression: refOf(col),
            column: {
              name: col.ref,
              displayName: displayNameOf(col, scope),
              type: column.semanticType,
            },
          };
        }),
      );
  const aliases = assignAliases(outputs);
  const order = orderBy.map((entry, i) =>
    orderExpression(entry, i, { scope, isSummary, breakoutOutputs, aggregationOutputs, aliases }),
  );
  if (order.length === 0 && breakoutOutputs.length > 0) {
    breakoutOutputs.forEach((_, i) => {
      order.push({ expression: sql.id(aliases[i] ?? ""), direction: "asc" });
    });
  }

  const db = kyselyFor(dialect);
  const source = tableSource(scope.source);
  const joined = scope.joins.map((join) => ({ join, source: tableSource(join.table) }));
  let builder = db.selectFrom(source.from);
  for (const { join, source: joinSource } of joined) {
    builder = builder.leftJoin(joinSource.from, (on) =>
      on.on(
        sql<SqlBool>`${sql.id(join.leftAlias, join.leftColumn)} = ${sql.id(join.table.alias, join.rightColumn)}`,
      ),
    );
  }
  let select = builder.select(outputs.map((o, i) => sql`${o.expression}`.as(aliases[i] ?? "")));
  if (predicates.length > 0)
    select = select.where(sql<SqlBool>`${sql.join(predicates, sql` and `)}`);
  if (isSummary && breakoutOutputs.length > 0) {
    select = select.groupBy(breakoutOutputs.map((b) => b.expression));
  }
  for (const { expression, direction } of order) select = select.orderBy(expression, direction);
  select = select.limit(parsed.limit ?? maxRows + 1);

  const compiled = select.compile();
  return {
    dialect: dialect.name,
    sql: compiled.sql,
    parameters: compiled.parameters,
    columns: outputs.map((o) => o.column),
    maxRows: parsed.limit ?? maxRows,
    hasRawSql: source.hasRawSql || joined.some((j) => j.source.hasRawSql),
  };
}

/** Output names as SQL aliases, unless too long for the engine or taken twice. */
function assignAliases(outputs: Output[]): string[] {
  const seen = new Set<string>();
  return outputs.map((output, i) => {
    const name = output.column.name;
    const alias = Buffer.byteLength(name) <= MAX_ALIAS_BYTES && !seen.has(name) ? name : `c${i}`;
    seen.add(alias);
    return alias;
  });
}

interface OrderContext {
  scope: Scope;
  isSummary: boolean;
  breakoutOutputs: BreakoutOutput[];
  aggregationOutputs: Output[];
  aliases: string[];
}

function orderExpression(
  [direction, target]: OrderBy,
  position: number,
  context: OrderContext,
): { expression: Expression<unknown>; direction: "asc" | "desc" } {
  const { scope, isSummary, breakoutOutputs, aggregationOutputs, aliases } = context;
  const byAlias = (i: number) => ({ expression: sql.id(aliases[i] ?? ""), direction });
  if (Array.isArray(target) && target[0] === "aggregation") {
    const i = target[1];
    if (i >= aggregationOutputs.length) {
      throw new QueryError(
        "invalid_query",
        `orderBy[${position}] names aggregation ${i}, but the query has ${aggregationOutputs.length}`,
      );
    }
    return byAlias(breakoutOutputs.length + i);
  }
  const [unit, ref] = Array.isArray(target) ? target : [undefined, target];
  const col = scope.resolveColumn(ref);
  if (!isSummary && unit === undefined) return { expression: refOf(col), direction };
  const matches = breakoutOutputs
    .map((b, i) => ({ b, i }))
    .filter(
      ({ b }) =>
        b.col.table === col.table &&
        b.col.column === col.column &&
        (unit === undefined ? true : b.unit === unit),
    );
  const exact =
    matches.find(({ b }) => b.unit === unit) ?? (matches.length === 1 ? matches[0] : undefined);
  if (!exact) {
    throw new QueryError(
      "invalid_query",
      `orderBy[${position}] must name a breakout or ["aggregation", i] when the query summarizes`,
    );
  }
  return byAlias(exact.i);
}
