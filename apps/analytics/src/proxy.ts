import { type NextRequest, NextResponse } from "next/server";
import { ApiError, toErrorResponse } from "./server/http/api-error";
import { getSettings } from "./server/settings/settings";

/** Whether every path segment percent-decodes (`%zz`, a lone `%` or bad UTF-8 do not). */
function isDecodablePath(pathname: string): boolean {
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/**
 * Every response says which sites may frame this app: only the authorized origins (the
 * host's), so the full app, guest embeds and the login page cannot be framed elsewhere
 * (clickjacking). Runs in the Node.js runtime, beside the route handlers, so it reads the same
 * settings (environment, else the admin's value).
 */
export async function proxy(request: NextRequest) {
  // Next.js answers a path it cannot decode with a bare "Internal Server Error" (its 400 page
  // exists only in the pages router): refuse it here, before routing, as the bad request it is.
  if (!isDecodablePath(request.nextUrl.pathname)) {
    if (request.nextUrl.pathname.startsWith("/api/")) {
      return toErrorResponse(
        new ApiError("bad_request", 400, "The request path is not validly percent-encoded."),
      );
    }
    return new Response("Bad request: the address is not validly percent-encoded.", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
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
  // API paths only when they hold a `%`, to refuse the undecodable ones.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)", "/(api/.*%.*)"],
};
