import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { getAuthOptions } from "~/server/auth";

// The options need the validated env, which exists only at request time (not during `next build`).
export const dynamic = "force-dynamic";

/** next-auth's endpoints: csrf, session, the credentials callback, sign-out. */
async function handler(
  request: NextRequest,
  context: RouteContext<"/api/auth/[...nextauth]">,
): Promise<Response> {
  return NextAuth(request, context, getAuthOptions());
}

export { handler as GET, handler as POST };
