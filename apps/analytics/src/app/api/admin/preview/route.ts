import { PreviewSchema, previewAs } from "~/server/admin/preview-as";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/**
 * `POST /api/admin/preview` body `{ userId } | { attributes, groupIds? }` plus `{ cardId }` or
 * `{ dashboardId, dashcardId, parameters? }` — "view as": `{ policy, sql, parameters, result }`
 * as that person would get them (or `refused` with the reason).
 */
export const POST = apiHandler(async (request) => {
  const viewer = await authenticateAdmin(request);
  const input = await readJsonBody(request, PreviewSchema, { maxBytes: 32 * 1024 });
  return Response.json(await previewAs(input, viewer.user.id), {
    headers: { "cache-control": "no-store" },
  });
});

export const { GET, PUT, PATCH, DELETE, HEAD } = methodsNotAllowed(["POST"]);
