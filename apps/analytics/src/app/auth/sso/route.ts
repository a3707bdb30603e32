import { NextResponse } from "next/server";
import { runWithConfigVersionScope } from "~/server/cache/current-config-version";
import { publicError, toErrorResponse } from "~/server/http/api-error";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { clientIp, userAgent } from "~/server/http/request-meta";
import { setSessionCookie } from "~/server/sessions/session-cookie";
import { getSettings } from "~/server/settings/settings";
import { exchangeSsoToken } from "~/server/sso/exchange-sso-token";
import { resolveReturnTo } from "~/server/sso/resolve-return-to";

export const dynamic = "force-dynamic";

/**
 * `GET /auth/sso` — the full-app (iframe) flow. Without `jwt`: off to the host's identity
 * provider, which sends the browser back here with one. With `jwt`: sign in with a session
 * cookie and go to `return_to`.
 */
export async function GET(request: Request): Promise<Response> {
  // One configuration version for the settings, the keys and the login.
  return runWithConfigVersionScope(() => signIn(request));
}

async function signIn(request: Request): Promise<Response> {
  try {
    const url = new URL(request.url);
    const settings = await getSettings();
    const returnTo = resolveReturnTo(url.searchParams.get("return_to"), {
      serverOrigin: url.origin,
      authorizedOrigins: settings.authorizedOrigins,
    });
    const jwt = url.searchParams.get("jwt");

    if (!jwt) {
      const idp = new URL(settings.idpUrl);
      idp.searchParams.set("return_to", returnTo);
      return redirect(idp.toString());
    }

    const { session } = await exchangeSsoToken(jwt, {
      kind: "cookie",
      userAgent: userAgent(request),
      ip: clientIp(request),
    });
    const response = redirect(returnTo);
    setSessionCookie(response, request, session.token, session.expiresAt);
    return response;
  } catch (error) {
    return wantsHtml(request) ? errorPage(error) : toErrorResponse(error);
  }
}

function redirect(location: string): NextResponse {
  const response = new NextResponse(null, { status: 302, headers: { location } });
  response.headers.set("cache-control", "no-store");
  // The JWT is in this URL: keep it out of the next page's Referer.
  response.headers.set("referrer-policy", "no-referrer");
  return response;
}

function wantsHtml(request: Request): boolean {
  return request.headers.get("accept")?.includes("text/html") ?? false;
}

/** A person in an iframe gets a page, not JSON: what failed, its code, and what to try. */
function errorPage(error: unknown): Response {
  const json = toErrorResponse(error);
  const known = publicError(error);
  const code = known?.code ?? "internal_error";
  const message = known?.message ?? "Something went wrong on the analytics server.";
  const escapeHtml = (text: string) =>
    text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in failed</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;color:#1f2937;background:#f8fafc;margin:0">
<main style="max-width:560px;margin:64px auto;padding:0 24px;line-height:1.6">
<h1 style="font-size:22px">Sign-in to analytics failed</h1>
<p>${escapeHtml(message)}</p>
<p style="color:#64748b">Error code: <code>${escapeHtml(code)}</code>. Reload the page to try again; if it keeps failing, send this code to the application's support.</p>
</main></body></html>`;
  const retryAfter = json.headers.get("retry-after");
  return new Response(html, {
    status: json.status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      ...(retryAfter ? { "retry-after": retryAfter } : {}),
    },
  });
}

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
