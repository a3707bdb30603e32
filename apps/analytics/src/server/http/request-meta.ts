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
  const { hostname } = new URL(request.url);
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
}
