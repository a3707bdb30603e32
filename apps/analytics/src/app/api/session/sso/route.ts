import { z } from "zod";
import { apiHandler } from "~/server/http/api-handler";
import { preflight } from "~/server/http/cors";
import { jsonResponse } from "~/server/http/json-response";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { clientIp, userAgent } from "~/server/http/request-meta";
import { exchangeSsoToken } from "~/server/sso/exchange-sso-token";

export const dynamic = "force-dynamic";

const BodySchema = z.object({ jwt: z.string() });
// Generous on purpose: an oversized token is refused by verifySsoToken with its own code
// (token_too_large); this bound only keeps truly huge bodies from being read at all.
const MAX_BODY_BYTES = 256 * 1024;

/** `POST /api/session/sso` — the SDK trades the host's JWT for a bearer session token. */
export const POST = apiHandler(async (request) => {
  const { jwt } = await readJsonBody(request, BodySchema, { maxBytes: MAX_BODY_BYTES });
  const { session } = await exchangeSsoToken(jwt, {
    kind: "sdk",
    userAgent: userAgent(request),
    ip: clientIp(request),
  });
  return jsonResponse(
    { sessionToken: session.token, expiresAt: session.expiresAt.toISOString() },
    { headers: { "cache-control": "no-store" } },
  );
});

export const OPTIONS = preflight;

export const { GET, PUT, PATCH, DELETE, HEAD } = methodsNotAllowed(["POST"]);
