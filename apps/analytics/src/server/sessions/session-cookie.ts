import "server-only";
import type { NextResponse } from "next/server";
import { parseCookies } from "../http/cookies";
import { isLocalRequest } from "../http/request-meta";

/** The full-app session cookie. */
export const SESSION_COOKIE = "embed_session";

/**
 * Sets the session cookie. The analytics app runs in the host's iframe, a third-party context:
 * outside localhost that needs `SameSite=None; Secure` (and `Partitioned`, so browsers that block
 * third-party cookies keep it per embedding site). On localhost the host and the app are the
 * same site whatever their ports, so `Lax` works without TLS.
 */
export function setSessionCookie(
  response: NextResponse,
  request: Request,
  token: string,
  expiresAt: Date,
) {
  const local = isLocalRequest(request);
  response.cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    path: "/",
    expires: expiresAt,
    secure: !local,
    sameSite: local ? "lax" : "none",
    ...(local ? {} : { partitioned: true }),
  });
}

export function clearSessionCookie(response: NextResponse, request: Request) {
  const local = isLocalRequest(request);
  response.cookies.set(SESSION_COOKIE, "", {
    httpOnly: true,
    path: "/",
    expires: new Date(0),
    secure: !local,
    sameSite: local ? "lax" : "none",
    ...(local ? {} : { partitioned: true }),
  });
}

/** The session cookie's value, if the request carries one. */
export function readSessionCookie(request: Request): string | undefined {
  return parseCookies(request)[SESSION_COOKIE] || undefined;
}
