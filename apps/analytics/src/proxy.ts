import { type NextRequest, NextResponse } from "next/server";
import { getEnv } from "./env";
import { ApiError, toErrorResponse } from "./server/http/api-error";
import { contentSecurityPolicy, referrerPolicyFor } from "./server/http/content-security-policy";
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
 * Every document gets its Content-Security-Policy with a fresh script nonce (pages are rendered
 * per request, so Next.js can put it on its scripts: it reads it from the request's CSP header),
 * which also says which sites may frame it: only the authorized origins (the host's), so the full
 * app, guest embeds and the login page cannot be framed elsewhere (clickjacking). Runs in the
 * Node.js runtime, beside the route handlers, so it reads the same settings (environment, else
 * the admin's value). `X-Content-Type-Options` is set for every response in next.config.ts.
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
  const { authorizedOrigins } = await getSettings();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy({
    nonce,
    frameAncestors: authorizedOrigins,
    allowEval: getEnv().NODE_ENV === "development",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  response.headers.set("referrer-policy", referrerPolicyFor(request.nextUrl.pathname));
  return response;
}

export const config = {
  // Only documents: static build assets and the JSON API run no script, and skipping the proxy
  // spares every API request a second pass through Next's router. API paths only when they hold
  // a `%`, to refuse the undecodable ones.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)", "/(api/.*%.*)"],
};
