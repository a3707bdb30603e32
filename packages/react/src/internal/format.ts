import type { ResultColumn } from "../types";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER_FORMAT_KEYS = [
  "style",
  "currency",
  "currencyDisplay",
  "unit",
  "unitDisplay",
  "notation",
  "compactDisplay",
  "signDisplay",
  "useGrouping",
  "minimumFractionDigits",
  "maximumFractionDigits",
] as const;

export type DateUnit = "day" | "week" | "month" | "quarter" | "year";

/** `"ordered_at:month"` → `"month"`: the server names bucketed columns `column:unit`. */
export function dateUnitOf(column: ResultColumn): DateUnit | undefined {
  const unit = column.name.split(":")[1];
  return unit === "day" ||
    unit === "week" ||
    unit === "month" ||
    unit === "quarter" ||
    unit === "year"
    ? unit
    : undefined;
}

export function isNumericColumn(column: ResultColumn): boolean {
  return column.type === "number";
}

/** Aggregation columns are named `count` or `fn(column)`; everything else is a breakout or a field. */
export function isAggregationColumn(column: ResultColumn): boolean {
  return /^(count|(sum|avg|min|max|distinct-count)\(.+\))$/.test(column.name);
}

/** A card's `visualizationSettings.format`, kept to Intl.NumberFormat's known options. */
export function numberFormatOptions(settings: unknown): Intl.NumberFormatOptions | undefined {
  const format = (settings as { format?: unknown } | undefined)?.format;
  if (typeof format !== "object" || format === null) return undefined;
  const picked: Record<string, unknown> = {};
  for (const key of NUMBER_FORMAT_KEYS) {
    const value = (format as Record<string, unknown>)[key];
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      picked[key] = value;
    }
  }
  return picked as Intl.NumberFormatOptions;
}

/**
 * Formats result values for people, by locale (Intl), with formatters cached per options: a
 * 10k-row table formats each cell with an already-built formatter.
 */
export class ValueFormatter {
  private readonly cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

  constructor(readonly locale: string | undefined) {}

  number(value: number, options: Intl.NumberFormatOptions = { maximumFractionDigits: 2 }): string {
    const key = `n${JSON.stringify(options)}`;
    let format = this.cache.get(key) as Intl.NumberFormat | undefined;
    if (!format) {
      try {
        format = new Intl.NumberFormat(this.locale, options);
      } catch {
        // An admin's bad currency code must not break the card: fall back to plain numbers.
        format = new Intl.NumberFormat(this.locale, { maximumFractionDigits: 2 });
      }
      this.cache.set(key, format);
    }
    return format.format(value);
  }

  date(value: string, unit: DateUnit | undefined): string {
    const isDateOnly = DATE_ONLY.test(value);
    const date = new Date(isDateOnly ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(date.getTime())) return value;
    if (unit === "quarter") {
      return `Q${Math.floor(date.getUTCMonth() / 3) + 1} ${this.dateFormat("y", { year: "numeric", timeZone: "UTC" }).format(date)}`;
    }
    const options: Intl.DateTimeFormatOptions =
      unit === "year"
        ? { year: "numeric", timeZone: "UTC" }
        : unit === "month"
          ? { year: "numeric", month: "short", timeZone: "UTC" }
          : unit || isDateOnly
            ? { dateStyle: "medium", timeZone: "UTC" }
            : // A raw timestamp is an instant: show it in the viewer's time zone.
              { dateStyle: "medium", timeStyle: "short" };
    return this.dateFormat(unit ?? (isDateOnly ? "date" : "instant"), options).format(date);
  }

  /** Any cell: numbers by locale (ids without grouping), dates by bucket, null as empty. */
  value(value: unknown, column: ResultColumn, numberOptions?: Intl.NumberFormatOptions): string {
    if (value === null || value === undefined) return "";
    if (typeof value === "number") {
      if (column.type === "id") return String(value);
      return this.number(
        value,
        isAggregationColumn(column) || column.type === "number" ? numberOptions : undefined,
      );
    }
    if (typeof value === "string" && column.type === "date")
      return this.date(value, dateUnitOf(column));
    if (typeof value === "boolean") return value ? "Yes" : "No";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  private dateFormat(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    const cacheKey = `d${key}`;
    let format = this.cache.get(cacheKey) as Intl.DateTimeFormat | undefined;
    if (!format) {
      format = new Intl.DateTimeFormat(this.locale, options);
      this.cache.set(cacheKey, format);
    }
    return format;
  }
}

/** One formatter per locale for the page's lifetime. */
const formatters = new Map<string, ValueFormatter>();
export function formatterFor(locale: string | undefined): ValueFormatter {
  const key = locale ?? "";
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new ValueFormatter(locale);
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Cells that sort as numbers sort as numbers; everything else by locale-aware text. */
export function compareCells(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}
