import type { DateUnit, Filter, StructuredQuery } from "./structured-query";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The start of the next bucket, in the same format as `start` (date or ISO date-time, UTC). */
function nextBucket(start: string, unit: DateUnit): string {
  const isDateOnly = DATE_ONLY.test(start);
  const date = new Date(isDateOnly ? `${start}T00:00:00Z` : start);
  if (Number.isNaN(date.getTime())) return start;
  if (unit === "day") date.setUTCDate(date.getUTCDate() + 1);
  if (unit === "week") date.setUTCDate(date.getUTCDate() + 7);
  if (unit === "month") date.setUTCMonth(date.getUTCMonth() + 1);
  if (unit === "quarter") date.setUTCMonth(date.getUTCMonth() + 3);
  if (unit === "year") date.setUTCFullYear(date.getUTCFullYear() + 1);
  const iso = date.toISOString();
  return isDateOnly ? iso.slice(0, 10) : iso;
}

/**
 * Drill-through is just another structured query: the clicked row's breakout values become
 * filters on the same source and joins, without aggregations or breakouts, so the underlying
 * rows come back — through exactly the same policy as the chart. A plain breakout value becomes
 * `["=", col, value]` (`["is-null", col]` for null); a date bucket becomes `[">=", col, start]`
 * and `["<", col, end]`.
 *
 * `values` are the clicked row's breakout cells, in the order of `query.breakouts` (the first
 * cells of a result row).
 * @example
 * // Clicked: the bar for 2025-03 in "orders per month"
 * buildDrillThroughQuery({ source: "orders", aggregations: [["count"]], breakouts: [["month", "ordered_at"]] },
 *   ["2025-03-01T00:00:00.000Z"]);
 * // → { source: "orders", filters: [[">=", "ordered_at", "2025-03-01T00:00:00.000Z"], ["<", "ordered_at", "2025-04-01T00:00:00.000Z"]] }
 */
export function buildDrillThroughQuery(
  query: StructuredQuery,
  values: readonly unknown[],
): StructuredQuery {
  const filters: Filter[] = [...(query.filters ?? [])];
  (query.breakouts ?? []).forEach((breakout, i) => {
    const value = values[i];
    const column = typeof breakout === "string" ? breakout : breakout[1];
    if (value === null || value === undefined) {
      filters.push(["is-null", column]);
    } else if (typeof breakout === "string") {
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
        filters.push(["=", column, value]);
      }
    } else if (typeof value === "string") {
      filters.push([">=", column, value], ["<", column, nextBucket(value, breakout[0])]);
    }
  });
  const drill: StructuredQuery = { source: query.source, filters };
  if (query.joins) drill.joins = query.joins;
  return drill;
}
