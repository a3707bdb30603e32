import "server-only";

/** The client's address as the nearest proxy reports it, for the audit trail only. */
export function clientIp(request: Request): string | null {
  const forwarded = request.headers.get("x-forwarded-for");
  return forwarded?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || null;
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
