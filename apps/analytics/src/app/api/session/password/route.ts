import { z } from "zod";
import { loginWithPassword } from "~/server/auth/local-login";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { clientIp, userAgent } from "~/server/http/request-meta";

export const dynamic = "force-dynamic";

const BodySchema = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});

/** `POST /api/session/password` — local (admin) login; answers like the SSO exchange. */
export const POST = apiHandler(async (request) => {
  const credentials = await readJsonBody(request, BodySchema, { maxBytes: 4 * 1024 });
  const { session } = await loginWithPassword(credentials, {
    userAgent: userAgent(request),
    ip: clientIp(request),
  });
  return Response.json(
    { sessionToken: session.token, expiresAt: session.expiresAt.toISOString() },
    { headers: { "cache-control": "no-store" } },
  );
});

export const { GET, PUT, PATCH, DELETE, HEAD } = methodsNotAllowed(["POST"]);
