import type { CompiledQuery, ResultColumn } from "./compile-query";
import type { SemanticType } from "./metadata";
import type { ExecuteOptions, WarehouseDriver } from "./warehouse-driver";

/** The API's result shape. */
export interface QueryResult {
  columns: ResultColumn[];
  rows: unknown[][];
  rowCount: number;
  /** More rows matched than `maxRows`; only the first `maxRows` are here. */
  truncated: boolean;
}

/** `2025-03-01`, `2025-03-01T00:00:00.000Z`, `2025-03-01T10:20:30` — as the drivers render dates. */
const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

const GUESSES: [SemanticType, (value: unknown) => boolean][] = [
  ["number", (value) => typeof value === "number"],
  ["boolean", (value) => typeof value === "boolean"],
  ["date", (value) => value instanceof Date || (typeof value === "string" && ISO_DATE.test(value))],
];

/**
 * Columns named by the result itself (a native query): the first type every non-null value of
 * the column fits — `number`, `boolean`, `date` (a Date or an ISO date string) — else `text`.
 */
export function columnsFromFields(fields: string[], rows: unknown[][]): ResultColumn[] {
  return fields.map((name, i) => {
    const values = rows
      .map((row) => row[i])
      .filter((value) => value !== null && value !== undefined);
    const guess = GUESSES.find(([, fits]) => values.length > 0 && values.every(fits));
    return { name, displayName: name, type: guess?.[0] ?? "text" };
  });
}

/**
 * Runs a compiled query and shapes the answer: at most `maxRows` rows, and `truncated` when the
 * extra row the SQL fetched came back. A query compiled without columns (native SQL) gets them
 * from the result: its column names, with a type guessed from the values.
 * @example
 * const result = await executeQuery(driver, compileQuery(query, options), { timeoutMs: 30_000 });
 */
export async function executeQuery(
  driver: WarehouseDriver,
  compiled: CompiledQuery,
  options?: ExecuteOptions,
): Promise<QueryResult> {
  const { rows, fields } = await driver.execute(compiled, options);
  const kept = rows.length > compiled.maxRows ? rows.slice(0, compiled.maxRows) : rows;
  return {
    columns: compiled.columns.length > 0 ? compiled.columns : columnsFromFields(fields, kept),
    rows: kept,
    rowCount: kept.length,
    truncated: rows.length > compiled.maxRows,
  };
}
