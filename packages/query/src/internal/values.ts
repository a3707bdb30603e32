import { QueryError } from "../query-error";
import type { ColumnKind } from "./column-kind";
import { snippet } from "./snippet";

/** Longest text value a filter may carry. */
export const MAX_TEXT_VALUE = 1000;

const INTEGER = /^-?\d{1,20}$/;
const DECIMAL = /^-?\d{1,40}(\.\d{1,40})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isTimestamp(text: string, allowTime: boolean): boolean {
  const match = (allowTime ? TIMESTAMP : DATE).exec(text);
  if (!match) return false;
  const [, y, mo, d, h, mi, s] = match;
  if (!isCalendarDate(Number(y), Number(mo), Number(d))) return false;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59)) return false;
  return s === undefined || Number(s) <= 59;
}

function isIntegerInRange(value: string | number, min: bigint, max: bigint): boolean {
  if (typeof value === "number" && !Number.isSafeInteger(value)) return false;
  if (typeof value === "string" && !INTEGER.test(value)) return false;
  const big = BigInt(value);
  return big >= min && big <= max;
}

/**
 * Returns the value if it fits the column, `undefined` otherwise. Only values that the warehouse
 * will parse without error pass, so a bad value is a 4xx here, not a database error later.
 */
export function coerceValue(
  value: unknown,
  kind: ColumnKind,
): string | number | boolean | undefined {
  switch (kind.kind) {
    case "integer":
      return (typeof value === "number" || typeof value === "string") &&
        isIntegerInRange(value, kind.min, kind.max)
        ? value
        : undefined;
    case "decimal":
      if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
      return typeof value === "string" && DECIMAL.test(value) ? value : undefined;
    case "text":
      return typeof value === "string" && value.length <= MAX_TEXT_VALUE && !value.includes("\0")
        ? value
        : undefined;
    case "date":
      return typeof value === "string" && isTimestamp(value, false) ? value : undefined;
    case "timestamp":
      return typeof value === "string" && isTimestamp(value, true) ? value : undefined;
    case "boolean":
      return typeof value === "boolean" ? value : undefined;
    case "uuid":
      return typeof value === "string" && UUID.test(value) ? value : undefined;
    case "other":
      return undefined;
  }
}

const EXPECTED: Record<ColumnKind["kind"], string> = {
  integer: "an integer in the column's range",
  decimal: "a number",
  text: `a string of at most ${MAX_TEXT_VALUE} characters`,
  date: "a date as YYYY-MM-DD",
  timestamp: "an ISO 8601 date or date-time",
  boolean: "true or false",
  uuid: "a UUID",
  other: "no value (only is-null and not-null apply)",
};

/** Like {@link coerceValue}, but a misfit is the caller's error. */
export function requireValue(
  value: unknown,
  kind: ColumnKind,
  columnRef: string,
): string | number | boolean {
  const coerced = coerceValue(value, kind);
  if (coerced === undefined) {
    throw new QueryError(
      "invalid_value",
      `the value ${snippet(value)} does not fit column ${snippet(columnRef)}: expected ${EXPECTED[kind.kind]}`,
    );
  }
  return coerced;
}

/**
 * A user-attribute value for a row filter, coerced to the column: numbers become text for a text
 * column, numeric strings stay as they are for a number column. A value that cannot match the
 * column is dropped (it could never match a row) instead of failing the query.
 */
export function coerceAttribute(
  value: unknown,
  kind: ColumnKind,
): string | number | boolean | undefined {
  if (kind.kind === "text" && (typeof value === "number" || typeof value === "boolean")) {
    return String(value);
  }
  if (kind.kind === "boolean" && (value === "true" || value === "false")) return value === "true";
  return coerceValue(value, kind);
}

/** `%`, `_` and `\` are LIKE wildcards; escaped, the text matches only itself. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
