import { checkJwks, JwksCheckSchema } from "~/server/admin/jwks-check";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/**
 * `POST /api/admin/settings/jwks-check` body `{ url? }` — fetches the JWKS (the given URL, else
 * the configured one) as a login would and lists its keys; saves nothing.
 */
export const POST = apiHandler(async (request) => {
  await authenticateAdmin(request);
  const { url } = await readJsonBody(request, JwksCheckSchema, { maxBytes: 4 * 1024 });
  return Response.json(await checkJwks(url), { headers: { "cache-control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE, HEAD } = methodsNotAllowed(["POST"]);
