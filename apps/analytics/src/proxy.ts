import { NextResponse } from "next/server";
import { getSettings } from "./server/settings/settings";

/**
 * Every response says which sites may frame this app: only the authorized origins (the
 * host's), so the full app, guest embeds and the login page cannot be framed elsewhere
 * (clickjacking). Runs in the Node.js runtime, beside the route handlers, so it reads the same
 * settings (environment, else the admin's value).
 */
export async function proxy() {
  const response = NextResponse.next();
  const { authorizedOrigins } = await getSettings();
  response.headers.set(
    "content-security-policy",
    `frame-ancestors 'self' ${authorizedOrigins.join(" ")}`,
  );
  return response;
}

export const config = {
  // Only documents can be framed: static build assets and the JSON API need no framing policy,
  // and skipping the proxy spares every API request a second pass through Next's router.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
