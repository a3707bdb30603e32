import NextAuth from "next-auth";
import { authOptions } from "~/server/auth/next-auth";
import { toErrorResponse } from "~/server/http/api-error";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request: they depend on the environment (read at run time, never at
// build time) and on whether the request came over TLS.
async function handler(request: Request, context: Context): Promise<Response> {
  try {
    return await NextAuth(request as never, context as never, authOptions(request));
  } catch (error) {
    return toErrorResponse(error);
  }
}

export { handler as GET, handler as POST };
