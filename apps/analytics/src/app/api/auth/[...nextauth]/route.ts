import NextAuth from "next-auth";
import { authOptions } from "~/server/auth/next-auth";
import { publicError, toErrorResponse } from "~/server/http/api-error";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

/** A browser loading a page here (next-auth's client sends it to /api/auth/error on failure). */
function isPageNavigation(request: Request): boolean {
  return (
    request.method === "GET" &&
    (request.headers.get("sec-fetch-mode") === "navigate" ||
      (request.headers.get("accept") ?? "").includes("text/html"))
  );
}

// Options are built per request: they depend on the environment (read at run time, never at
// build time) and on whether the request came over TLS.
async function handler(request: Request, context: Context): Promise<Response> {
  try {
    return await NextAuth(request as never, context as never, authOptions(request));
  } catch (error) {
    const response = toErrorResponse(error);
    // A person gets the login page with a readable message, not a JSON document; API callers
    // (next-auth's client fetches JSON) keep the error JSON.
    if (!isPageNavigation(request)) return response;
    const code = publicError(error)?.code ?? "internal_error";
    return new Response(null, {
      status: 303,
      headers: { location: `/login?error=${encodeURIComponent(code)}` },
    });
  }
}

export { handler as GET, handler as POST };
