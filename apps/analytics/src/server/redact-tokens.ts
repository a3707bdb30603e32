import "server-only";

// A JWT (SSO, guest embed): three base64url parts, the first a JSON header (`{"` → `eyJ`).
const JWT = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;
// Whatever follows a guest-embed route, JWT-looking or not: it is the token.
const EMBED_PATH_TOKEN = /(\/embed\/(?:dashboard|question)\/)[^/?#\s"']+/g;
// `?jwt=…`, `&token=…`, `sessionToken=…` and the like in a query string.
const TOKEN_QUERY = /([?&](?:jwt|[\w-]*token)=)[^&#\s"']*/gi;

/**
 * Removes tokens from a path, a URL or any logged text. The logger runs every string it writes
 * through this one function, so no route has to remember to.
 */
export function redactTokens(text: string): string {
  return text
    .replace(EMBED_PATH_TOKEN, "$1[token]")
    .replace(TOKEN_QUERY, "$1[token]")
    .replace(JWT, "[token]");
}
