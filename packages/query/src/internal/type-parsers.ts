/**
 * How warehouse values reach JSON: numerics and bigints as JS numbers when that is safe (integers
 * within ±2^53, decimals whose magnitude is — only sub-ulp digits of a long decimal are lost),
 * otherwise as their exact text; dates as ISO strings. Keyed by PostgreSQL type OID, text format.
 */
export const TEXT_PARSERS: Record<number, (text: string) => unknown> = {
  20: toNumberIfSafe, // int8
  1700: toNumberIfSafe, // numeric
  1082: (text) => text, // date: already YYYY-MM-DD (DateStyle ISO); never a local-midnight Date
  1114: (text) => text.replace(" ", "T"), // timestamp without time zone
  1184: timestamptzToIso, // timestamp with time zone
};

const INTEGER = /^-?\d+$/;

export function toNumberIfSafe(text: string): number | string {
  const value = Number(text);
  if (!Number.isFinite(value)) return text; // NaN, Infinity
  if (INTEGER.test(text)) return Number.isSafeInteger(value) ? value : text;
  return Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : text;
}

const TIMESTAMPTZ =
  /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(\.\d+)?([+-]\d\d)(?::?(\d\d))?(?::?(\d\d))?$/;

/** `2025-01-02 03:04:05.123+00` → `2025-01-02T03:04:05.123Z`; anything unusual stays as text. */
export function timestamptzToIso(text: string): string {
  const match = TIMESTAMPTZ.exec(text);
  if (!match) return text; // infinity, BC dates, 5-digit years
  const [, y, mo, d, h, mi, s, fraction = "", offsetHours = "+00", offsetMinutes = "00"] = match;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction.slice(0, 4)}${offsetHours}:${offsetMinutes}`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}
