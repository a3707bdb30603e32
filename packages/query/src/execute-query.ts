import type { CompiledQuery, ResultColumn } from "./compile-query";
import type { ExecuteOptions, WarehouseDriver } from "./warehouse-driver";

/** The API's result shape. */
export interface QueryResult {
  columns: ResultColumn[];
  rows: unknown[][];
  rowCount: number;
  /** More rows matched than `maxRows`; only the first `maxRows` are here. */
  truncated: boolean;
}

/**
 * Runs a compiled query and shapes the answer: at most `maxRows` rows, and `truncated` when the
 * extra row the SQL fetched came back.
 * @example
 * const result = await executeQuery(driver, compileQuery(query, options), { timeoutMs: 30_000 });
 */
export async function executeQuery(
  driver: WarehouseDriver,
  compiled: CompiledQuery,
  options?: ExecuteOptions,
): Promise<QueryResult> {
  const { rows } = await driver.execute(compiled, options);
  const kept = rows.length > compiled.maxRows ? rows.slice(0, compiled.maxRows) : rows;
  return {
    columns: compiled.columns,
    rows: kept,
    rowCount: kept.length,
    truncated: rows.length > compiled.maxRows,
  };
}
