import "server-only";
import {
  type AttributeValue,
  compileQuery,
  executeQuery,
  isQueryError,
  placeholderNames,
  type RowFilter,
} from "@embed/query";
import { ApiError } from "../http/api-error";
import { getWarehouse } from "../warehouse/warehouses";

/**
 * Parses as a number, a boolean and text alike, so a trial run rarely fails on the sample value
 * itself (and when it does — a date, an array — that failure is a data error, not a SQL one).
 */
const SAMPLE_VALUE = "0";
const TRIAL_TIMEOUT_MS = 10_000;

function invalid(message: string): ApiError {
  return new ApiError("invalid_policy", 400, message);
}

/**
 * Checks an administrator's SQL view for a table before it becomes a row policy:
 * - `{{attribute}}` placeholders only — `$1`-style parameters and `;` are refused;
 * - it compiles (a trivial query over the table, sandboxed by the view, with sample attributes);
 * - it runs: the compiled query is tried once on the warehouse, so a typo, an unknown table or a
 *   view lacking one of the table's columns is refused now rather than failing every query of the
 *   group later. Failures that only the sample value explains (data errors), time-outs and an
 *   unreachable warehouse do not block saving.
 */
export async function checkSqlView(
  dataSourceId: number,
  table: { name: string; visible: boolean },
  sql: string,
): Promise<void> {
  const sample = Object.fromEntries(placeholderNames(sql).map((name) => [name, SAMPLE_VALUE]));
  const { warehouse, compiled } = await compileSqlView(dataSourceId, table, sql, sample, 1);
  try {
    await executeQuery(warehouse.driver, compiled, { timeoutMs: TRIAL_TIMEOUT_MS });
  } catch (error) {
    if (isQueryError(error) && error.code === "warehouse_error") {
      throw invalid(
        `The SQL view does not run on the warehouse (tried with every placeholder set to "${SAMPLE_VALUE}"): check its syntax, its table and column names, and that it selects every column of "${table.name}".`,
      );
    }
    if (!isQueryError(error)) throw error;
  }
}

/** How many rows a SQL view's preview shows: enough to judge it, small enough for a page. */
export const SQL_VIEW_PREVIEW_ROWS = 20;

/**
 * The console's "Preview" of a SQL view before it is saved: the table read through the view, for
 * the attribute values the administrator typed, exactly as a sandboxed viewer's query would read
 * it. A placeholder the typed attributes give no value is refused by name (a viewer without that
 * attribute would get no rows, which is worth knowing before saving, not after).
 */
export async function previewSqlView(
  dataSourceId: number,
  table: { name: string; visible: boolean },
  sql: string,
  attributes: Record<string, AttributeValue>,
) {
  const missing = placeholderNames(sql).filter((name) => {
    const value = attributes[name];
    return value === undefined || value === null;
  });
  if (missing.length > 0) {
    throw invalid(
      `Unknown placeholder ${missing.map((name) => `{{${name}}}`).join(", ")}: the attributes you typed have no "${missing[0]}", and a viewer without it gets no rows from this view.`,
    );
  }
  const { warehouse, compiled } = await compileSqlView(
    dataSourceId,
    table,
    sql,
    attributes,
    SQL_VIEW_PREVIEW_ROWS,
  );
  try {
    const result = await executeQuery(warehouse.driver, compiled, { timeoutMs: TRIAL_TIMEOUT_MS });
    return {
      sql: compiled.sql,
      parameters: compiled.parameters.map((value) =>
        typeof value === "bigint" ? value.toString() : value,
      ),
      columns: result.columns.map((column) => column.name),
      rows: result.rows,
      truncated: result.truncated,
    };
  } catch (error) {
    if (isQueryError(error) && error.status < 500) throw invalid(error.message);
    if (isQueryError(error) && error.code === "warehouse_error") {
      throw invalid(
        `The SQL view does not run on the warehouse for these attributes: check its syntax, its table and column names, and the types of the values you typed.`,
      );
    }
    throw error;
  }
}

/**
 * A trivial query over the table (`limit` rows), sandboxed by the view with these attribute
 * values — the statement a viewer's query would wrap. `$1`-style parameters and a hidden table
 * are refused first.
 */
async function compileSqlView(
  dataSourceId: number,
  table: { name: string; visible: boolean },
  sql: string,
  attributes: Record<string, AttributeValue>,
  limit: number,
) {
  if (/\$\d/.test(sql)) {
    throw invalid(
      'Use {{attribute}} placeholders in a SQL view, not "$1"-style parameters: attribute values are bound for you.',
    );
  }
  if (!table.visible) {
    throw invalid(
      `Table "${table.name}" is not in the warehouse any more (it is hidden since the last sync): a SQL view cannot be checked against it.`,
    );
  }
  const warehouse = await getWarehouse(dataSourceId, null);
  const rowFilter: RowFilter = { kind: "sql_view", sql, attributes };
  try {
    const compiled = compileQuery(
      { source: table.name, limit },
      {
        metadata: warehouse.metadata,
        policy: {
          tables: {
            [table.name]: { level: "sandboxed", rowFilters: [rowFilter], visibleColumns: null },
          },
        },
        dialect: warehouse.driver.dialect,
        maxRows: limit,
      },
    );
    return { warehouse, compiled };
  } catch (error) {
    // The query package reports a bad policy as a server error (500): here it is the input.
    if (isQueryError(error)) throw invalid(`The SQL view is not valid: ${error.message}.`);
    throw error;
  }
}
