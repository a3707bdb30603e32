import type {
  DashboardCard,
  DashboardParameter,
  ParameterValueMap,
  StructuredQuery,
} from "../types";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
type Unit = "day" | "week" | "month" | "quarter" | "year";

/** A saved question's query, when the server sent it (admins only) and it is structured. */
export function asStructuredQuery(query: unknown): StructuredQuery | null {
  if (typeof query !== "object" || query === null) return null;
  const source = (query as { source?: unknown }).source;
  return typeof source === "string" ? (query as StructuredQuery) : null;
}

function nextBucket(start: string, unit: Unit): string {
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
 * Drill-through as a structured query — the same rule as `buildDrillThroughQuery` in
 * `@embed/query` (which the SDK may not import): the clicked breakout values become filters on
 * the card's source, without aggregations, so the underlying rows come back through the same
 * policy. `extraFilters` carries the dashboard's parameter values.
 */
export function buildDrillQuery(
  query: StructuredQuery,
  values: readonly unknown[],
  extraFilters: unknown[][] = [],
): StructuredQuery {
  const filters: unknown[][] = [...(query.filters ?? []), ...extraFilters];
  (query.breakouts ?? []).forEach((breakout, i) => {
    const value = values[i];
    const column = typeof breakout === "string" ? breakout : breakout[1];
    if (value === null || value === undefined) filters.push(["is-null", column]);
    else if (typeof breakout === "string") {
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
        filters.push(["=", column, value]);
      }
    } else if (typeof value === "string") {
      filters.push([">=", column, value], ["<", column, nextBucket(value, breakout[0] as Unit)]);
    }
  });
  const drill: StructuredQuery = { source: query.source, filters };
  if (query.joins) drill.joins = query.joins;
  return drill;
}

/** The filters a dashboard's parameter values put on one card (mirrors the server's rule). */
export function parameterFilters(
  parameters: DashboardParameter[],
  card: DashboardCard,
  values: ParameterValueMap,
): unknown[][] {
  const filters: unknown[][] = [];
  for (const mapping of card.parameterMappings) {
    const parameter = parameters.find((candidate) => candidate.id === mapping.parameterId);
    if (!parameter) continue;
    const value = values[parameter.slug] ?? parameter.default;
    if (value === undefined || value === null || value === "") continue;
    const column = mapping.target.column;
    if (parameter.type === "date/range") {
      const { from, to } = parseDateRange(value);
      if (from && to) filters.push(["between", column, from, to]);
      else if (from) filters.push([">=", column, from]);
      else if (to) filters.push(["<=", column, to]);
    } else if (Array.isArray(value)) filters.push(["in", column, value]);
    else filters.push(["=", column, value]);
  }
  return filters;
}

/** `"2025-01-01~2025-03-31"` or `{ from, to }` → `{ from, to }` (either may be empty). */
export function parseDateRange(value: unknown): { from: string; to: string } {
  if (typeof value === "string") {
    const [from = "", to = ""] = value.split("~");
    return { from, to };
  }
  if (typeof value === "object" && value !== null) {
    const range = value as { from?: unknown; to?: unknown };
    return {
      from: typeof range.from === "string" ? range.from : "",
      to: typeof range.to === "string" ? range.to : "",
    };
  }
  return { from: "", to: "" };
}
