import "server-only";
import { getEnv } from "~/env";
import { clientAddress } from "./client-address";

/**
 * The client's address: the connection's peer, or what `EMBED_TRUSTED_PROXIES` lets us believe
 * of `X-Forwarded-For` (see client-address.ts). Per-address login throttles key on it.
 */
export function clientIp(request: Request): string | null {
  return clientAddress(request.headers.get("x-forwarded-for"), getEnv().EMBED_TRUSTED_PROXIES);
}

export function userAgent(request: Request): string | null {
  return request.headers.get("user-agent");
}

/**
 * Whether the request came to a loopback host. Cookies are `Secure` (and `SameSite=None`) on
 * every other host; on localhost the host app and this server are the same site without TLS.
 */
export function isLocalRequest(request: Request): boolean {
  const hostname = publicOrigin(request)?.hostname ?? new URL(request.url).hostname;
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
}

/** Whether the browser reached this server over TLS (directly, or as a proxy reports it). */
export function isHttpsRequest(request: Request): boolean {
  return publicOrigin(request)?.protocol === "https:";
}

/**
 * The origin the browser addressed: the scheme `next start` put in `request.url` (TLS, or
 * `X-Forwarded-Proto`) with the `X-Forwarded-Host`, else `Host`, header. Not `request.url`'s
 * host: `next start` builds that from the address it listens on (`localhost:PORT`), whatever
 * name the browser used. Browsers cannot set either header on a cross-origin request without a
 * CORS preflight (which allows neither), so a page elsewhere cannot forge this origin. Null when
 * the headers do not make an origin.
 */
export function publicOrigin(request: Request): URL | null {
  const url = new URL(request.url);
  const forwardedProto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  const protocol = forwardedProto === "https" || forwardedProto === "http" ? forwardedProto : null;
  const host =
    request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() ||
    request.headers.get("host") ||
    url.host;
  // A Host header with a path, credentials or a query is not a host.
  if (/[/\\?#@\s]/.test(host)) return null;
  try {
    return new URL(new URL(`${protocol ?? url.protocol.slice(0, -1)}://${host}`).origin);
  } catch {
    return null;
  }
}
