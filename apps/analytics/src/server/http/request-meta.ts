import "server-only";

/** The client's address as the nearest proxy reports it, for the audit trail only. */
export function clientIp(request: Request): string | null {
  const forwarded = request.headers.get("x-forwarded-for");
  return forwarded?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || null;
}

export function userAgent(request: Request): string | null {
  return request.headers.get("user-agent");
}
