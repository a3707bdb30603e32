import "server-only";
import { ApiError } from "./api-error";
import { publicOrigin } from "./request-meta";

/** Methods that change nothing (RFC 9110 safe methods); every route keeps them read-only. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a request that carries an ambient credential (a cookie) is a state-changing one sent
 * from another origin. A cookie is sent by the browser whatever page started the request, and
 * `SameSite` does not stop a sibling subdomain (same site, other origin), so a cookie-authenticated
 * write must prove it came from this server's own pages:
 * - `Origin` present: it must be exactly this server's origin (`null`, from sandboxed frames,
 *   `data:` pages and some redirects, never is);
 * - else `Sec-Fetch-Site` present: it must be `same-origin`;
 * - neither: not a browser (browsers send `Origin` on every non-GET/HEAD fetch and form
 *   submission, and `Sec-Fetch-Site` besides), e.g. curl holding the cookie itself: allowed, as
 *   such a client could send any header it liked anyway.
 */
export function isCrossOriginWrite(request: Request): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
  const origin = request.headers.get("origin");
  if (origin !== null) {
    const own = publicOrigin(request);
    return own === null || normalizeOrigin(origin) !== own.origin;
  }
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) return site.trim().toLowerCase() !== "same-origin";
  return false;
}

/** Refuses (403 `cross_origin_request`) a cookie-authenticated write from another origin. */
export function assertSameOriginWrite(request: Request): void {
  if (!isCrossOriginWrite(request)) return;
  throw new ApiError(
    "cross_origin_request",
    403,
    "A request signed in by cookie that changes something must come from this server's own pages. Use `Authorization: Bearer <sessionToken>` from another origin; behind a proxy, pass on Host (or X-Forwarded-Host) and X-Forwarded-Proto.",
    {
      internalMessage: `cross-origin ${request.method} refused: origin ${JSON.stringify(
        request.headers.get("origin")?.slice(0, 200) ?? null,
      )}, sec-fetch-site ${JSON.stringify(request.headers.get("sec-fetch-site"))}, own origin ${
        publicOrigin(request)?.origin ?? "unknown"
      }`,
    },
  );
}

/** An `Origin` header as URL#origin spells it (lower-case host, no default port), or null. */
function normalizeOrigin(value: string): string | null {
  if (!/^https?:\/\/[^/?#@\\\s]+$/i.test(value.trim())) return null;
  try {
    return new URL(value.trim()).origin;
  } catch {
    return null;
  }
}
