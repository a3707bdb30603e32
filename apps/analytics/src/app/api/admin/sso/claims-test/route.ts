import { ClaimsTestSchema, testClaims } from "~/server/admin/claims-tester";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/**
 * `POST /api/admin/sso/claims-test` body `{ claims }` — the groups (and why), policy attributes
 * and per-table access an SSO login with these claims would get; creates nothing.
 */
export const POST = apiHandler(async (request) => {
  await authenticateAdmin(request);
  const { claims } = await readJsonBody(request, ClaimsTestSchema, { maxBytes: 16 * 1024 });
  return Response.json(await testClaims(claims), { headers: { "cache-control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE, HEAD } = methodsNotAllowed(["POST"]);
