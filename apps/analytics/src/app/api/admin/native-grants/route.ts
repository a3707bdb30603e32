import { idParam, optionalIdParam } from "~/server/admin/lookups";
import { grantNativeQueries, listNativeGrants, revokeNativeQueries } from "~/server/admin/policies";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";
import { NativeGrantSchema } from "~/shared/admin-schemas/policies";

export const dynamic = "force-dynamic";

/** `GET /api/admin/native-grants[?dataSourceId=]` */
export const GET = apiHandler(async (request) => {
  await authenticateAdmin(request);
  const query = new URL(request.url).searchParams;
  const dataSourceId = optionalIdParam(query, "dataSourceId", "data_source_not_found");
  return Response.json({ grants: await listNativeGrants(dataSourceId ?? undefined) });
});

/** `PUT /api/admin/native-grants` body `{ groupId, dataSourceId }` — idempotent. */
export const PUT = apiHandler(async (request) => {
  const viewer = await authenticateAdmin(request);
  const input = await readJsonBody(request, NativeGrantSchema);
  return Response.json(await grantNativeQueries(input, viewer.user.id));
});

/**
 * `DELETE /api/admin/native-grants` body `{ groupId, dataSourceId }` (or the same as query
 * parameters, for clients that cannot send a body with DELETE).
 */
export const DELETE = apiHandler(async (request) => {
  const viewer = await authenticateAdmin(request);
  const query = new URL(request.url).searchParams;
  const input = query.has("groupId")
    ? {
        groupId: idParam(query, "groupId", "group_not_found"),
        dataSourceId: idParam(query, "dataSourceId", "data_source_not_found"),
      }
    : await readJsonBody(request, NativeGrantSchema);
  await revokeNativeQueries(input, viewer.user.id);
  return new Response(null, { status: 204 });
});

export const { POST, PATCH } = methodsNotAllowed(["GET", "PUT", "DELETE"]);
