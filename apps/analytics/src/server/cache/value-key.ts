import "server-only";
import { createHash } from "node:crypto";
import { processWide } from "../process-wide";

/**
 * A cache key for a JSON-like value: two values get the same key only if they are equal (same
 * types, same numbers, same strings, same keys in the same order, `undefined` kept apart from a
 * missing key and from `null`) — unlike `JSON.stringify`, which folds `NaN` into `null` and drops
 * `undefined`. A long one is hashed, so a key stays small. Returns null for anything
 * it cannot encode faithfully (a Date, a bigint, a class instance, a cycle): then do not cache.
 */
export function valueKey(value: unknown): string | null {
  const encoded = encodeValue(value);
  return encoded === null ? null : keyOf(encoded);
}

/**
 * A key for encodings strung together (`encodeValue`, `encodeShared`): each encoding ends where
 * it must, so a sequence of them is as unambiguous as one.
 */
export function keyOf(encoded: string): string {
  // A short encoding is its own key ("=" is not in base64url, so it never meets a hash).
  if (encoded.length <= MAX_PLAIN_KEY) return `=${encoded}`;
  return createHash("sha256").update(encoded).digest("base64url");
}

/** `valueKey`'s encoding, unhashed: null for what it cannot encode faithfully. */
export function encodeValue(value: unknown): string | null {
  const parts: string[] = [];
  return encode(value, parts, 0) ? parts.join("") : null;
}

// Encodings of shared objects (parsed card queries, cached policies), by identity.
const sharedEncodings = processWide(
  "cache.sharedEncodings",
  () => new WeakMap<object, string | null>(),
);

/**
 * `encodeValue` of an object that is shared and never mutated (a cached row's parse, a cached
 * policy), computed once per object. Never pass an object someone may still change.
 */
export function encodeShared(value: object): string | null {
  if (sharedEncodings.has(value)) return sharedEncodings.get(value) ?? null;
  const encoded = encodeValue(value);
  sharedEncodings.set(value, encoded);
  return encoded;
}

const MAX_PLAIN_KEY = 1024;
const MAX_DEPTH = 64;

function encode(value: unknown, out: string[], depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  switch (typeof value) {
    case "undefined":
      out.push("u");
      return true;
    case "boolean":
      out.push(value ? "t" : "f");
      return true;
    case "number":
      // Every number as itself, -0 and NaN included: a value the compiler refuses must not share
      // a key with one it accepts.
      out.push("d", Object.is(value, -0) ? "-0" : String(value), ";");
      return true;
    case "string":
      out.push("s", JSON.stringify(value));
      return true;
    case "object": {
      if (value === null) {
        out.push("n");
        return true;
      }
      if (Array.isArray(value)) {
        out.push("[");
        for (const item of value) if (!encode(item, out, depth + 1)) return false;
        out.push("]");
        return true;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return false;
      out.push("{");
      for (const [key, item] of Object.entries(value)) {
        out.push(JSON.stringify(key), ":");
        if (!encode(item, out, depth + 1)) return false;
      }
      out.push("}");
      return true;
    }
    default:
      return false;
  }
}
