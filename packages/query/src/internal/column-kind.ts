import type { ColumnMetadata } from "../metadata";

/**
 * How the compiler treats a column, derived from its warehouse type (not its semantic type, which
 * an administrator may edit): which operations apply and which values it accepts.
 */
export type ColumnKind =
  | { kind: "integer"; min: bigint; max: bigint }
  | { kind: "decimal" }
  | { kind: "text"; isPlainText: boolean }
  | { kind: "date" }
  | { kind: "timestamp" }
  | { kind: "boolean" }
  | { kind: "uuid" }
  | { kind: "other" };

const INTEGER_RANGES: Record<string, [bigint, bigint]> = {
  smallint: [-32768n, 32767n],
  int2: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  int: [-2147483648n, 2147483647n],
  int4: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
  int8: [-9223372036854775808n, 9223372036854775807n],
};
const DECIMALS = new Set(["numeric", "decimal", "real", "double precision", "float4", "float8"]);
const PLAIN_TEXT = new Set(["text", "character varying", "varchar", "character", "char", "bpchar"]);
const OTHER_TEXT = new Set(["citext", "name", "user-defined"]);
const DATES = new Set(["date"]);
const TIMESTAMPS = new Set([
  "timestamp",
  "timestamptz",
  "timestamp without time zone",
  "timestamp with time zone",
]);

export function columnKind(column: ColumnMetadata): ColumnKind {
  // `numeric(12,2)`, `character varying(40)`: the base name decides.
  const type = column.databaseType
    .toLowerCase()
    .replace(/\(.*\)/, "")
    .trim();
  const range = INTEGER_RANGES[type];
  if (range) return { kind: "integer", min: range[0], max: range[1] };
  if (DECIMALS.has(type)) return { kind: "decimal" };
  if (PLAIN_TEXT.has(type)) return { kind: "text", isPlainText: true };
  if (OTHER_TEXT.has(type)) return { kind: "text", isPlainText: false };
  if (DATES.has(type)) return { kind: "date" };
  if (TIMESTAMPS.has(type)) return { kind: "timestamp" };
  if (type === "boolean" || type === "bool") return { kind: "boolean" };
  if (type === "uuid") return { kind: "uuid" };
  return { kind: "other" };
}

export function isNumeric(kind: ColumnKind): boolean {
  return kind.kind === "integer" || kind.kind === "decimal";
}

export function isTemporal(kind: ColumnKind): boolean {
  return kind.kind === "date" || kind.kind === "timestamp";
}

/** Whether `<`, `>`, `between`, `min` and `max` make sense. */
export function isOrdered(kind: ColumnKind): boolean {
  return isNumeric(kind) || isTemporal(kind) || kind.kind === "text";
}

/** Whether values can be compared for equality and grouped (json, arrays, bytea … cannot). */
export function isComparable(kind: ColumnKind): boolean {
  return kind.kind !== "other";
}
