import "server-only";

/**
 * A rough size of a JSON-like value in V8's heap: strings at 2 bytes a character plus a header,
 * numbers 16 (a boxed heap number), other scalars 8, arrays and objects their slots plus a
 * header. Close enough to budget a cache by, and cheap: one walk, no serialisation.
 */
export function estimateBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === "boolean") return 8;
  if (typeof value === "number") return 16;
  if (typeof value === "string") return 16 + value.length * 2;
  if (typeof value === "bigint") return 24;
  if (value instanceof Date) return 48;
  if (Array.isArray(value)) {
    let bytes = 16 + value.length * 8;
    for (const item of value) bytes += estimateBytes(item);
    return bytes;
  }
  if (typeof value === "object") {
    let bytes = 32;
    for (const [key, item] of Object.entries(value)) {
      bytes += 8 + key.length * 2 + estimateBytes(item);
    }
    return bytes;
  }
  return 8;
}
