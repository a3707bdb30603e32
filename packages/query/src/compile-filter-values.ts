import { type CompiledQuery, compileQuery } from "./compile-query";
import type { WarehouseMetadata } from "./metadata";
import type { DataPolicy } from "./policy";
import { postgresDialect, type SqlDialect } from "./sql-dialect";
import type { Filter, StructuredQuery } from "./structured-query";

export interface CompileFilterValuesOptions {
  metadata: WarehouseMetadata;
  policy: DataPolicy;
  dialect?: SqlDialect;
  /** Only values containing this text (case-insensitive; text columns only). */
  search?: string;
  /** Most values to return; `truncated` says when there were more. */
  limit: number;
}

/**
 * The distinct values of one column for a dashboard filter's list — as the viewer may see them:
 * it is an ordinary structured query (a breakout on the column, nulls left out), so the table's
 * row policy applies and a hidden column is `unknown_column`.
 * @example
 * const compiled = compileFilterValues("orders", "status", { metadata, policy, limit: 100 });
 * const { rows, truncated } = await executeQuery(driver, compiled);
 */
export function compileFilterValues(
  table: string,
  column: string,
  options: CompileFilterValuesOptions,
): CompiledQuery {
  const filters: Filter[] = [["not-null", column]];
  if (options.search !== undefined && options.search !== "") {
    filters.push(["contains", column, options.search]);
  }
  const query: StructuredQuery = {
    source: table,
    filters,
    breakouts: [column],
    orderBy: [["asc", column]],
  };
  return compileQuery(query, {
    metadata: options.metadata,
    policy: options.policy,
    dialect: options.dialect ?? postgresDialect,
    maxRows: options.limit,
  });
}
