import "server-only";

/** Where a login goes when its `callbackUrl` is missing or refused. */
export const DEFAULT_CALLBACK_PATH = "/";

const MAX_LENGTH = 2048;
/** Decoding rounds checked: a browser or proxy may decode a path once or twice more. */
const DECODE_ROUNDS = 3;

/**
 * The admin login's `callbackUrl` when it is a path on this server, else `/`: never an open
 * redirect. Refused: absolute URLs (`https://…`, `javascript:`), protocol-relative `//host` and
 * `/\host` (browsers read `\` as `/`), any backslash, control characters and whitespace (browsers
 * strip tabs and newlines from URLs, so `/\t/evil` becomes `//evil`), and each of these again
 * after percent-decoding (`/%2F%2Fevil`, `/%5Cevil`), or a value that does not decode.
 */
export function safeCallbackPath(raw: unknown): string {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_LENGTH) {
    return DEFAULT_CALLBACK_PATH;
  }
  let value = raw;
  for (let round = 0; round <= DECODE_ROUNDS; round++) {
    if (!isPlainPath(value)) return DEFAULT_CALLBACK_PATH;
    let decoded: string;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      return DEFAULT_CALLBACK_PATH;
    }
    if (decoded === value) break;
    if (round === DECODE_ROUNDS) return DEFAULT_CALLBACK_PATH;
    value = decoded;
  }
  // Last word to the URL parser: resolved against any origin, it must stay on that origin.
  const base = "http://callback.invalid";
  try {
    if (new URL(raw, base).origin !== base) return DEFAULT_CALLBACK_PATH;
  } catch {
    return DEFAULT_CALLBACK_PATH;
  }
  return raw;
}

function isPlainPath(value: string): boolean {
  if (!value.startsWith("/")) return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(value)) return false;
  const path = value.split(/[?#]/, 1)[0] ?? "";
  return !path.includes("//");
}
