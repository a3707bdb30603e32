const PLACEHOLDER_ORIGIN = "http://callback.invalid";

/**
 * Where to send a user after login: only a path on this site, else `fallback`. Stops the login
 * page from being an open redirect (`/login?callbackUrl=https://evil.test`).
 *
 * Refused: absolute URLs, protocol-relative `//host`, `/\host` (browsers read `\` as `/`), and
 * control characters (browsers drop tabs and newlines, so `/\t/host` would become `//host`).
 *
 * @example
 * sanitizeCallbackUrl("/analytics/sso?return_to=%2F") // "/analytics/sso?return_to=%2F"
 * sanitizeCallbackUrl("//evil.test")                  // "/"
 */
export function sanitizeCallbackUrl(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  if (value.startsWith("//") || hasUnsafeCharacter(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  // Belt and braces: whatever the string looked like, it must resolve on our own origin.
  if (url.origin !== PLACEHOLDER_ORIGIN) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

function hasUnsafeCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code <= 0x20 || code === 0x7f || value[index] === "\\") return true;
  }
  return false;
}
