import { idParam } from "~/server/admin/lookups";
import { deleteColumnPolicy, setColumnPolicy } from "~/server/admin/policies";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";
import { PutColumnPolicySchema } from "~/shared/admin-schemas/policies";

export const dynamic = "force-dynamic";

/** `PUT /api/admin/policies/column` body `{ groupId, tableId, visibleColumnIds }` */
export const PUT = apiHandler(async (request) => {
  const viewer = await authenticateAdmin(request);
  const input = await readJsonBody(request, PutColumnPolicySchema);
  return Response.json(await setColumnPolicy(input, viewer.user.id));
});

/** `DELETE /api/admin/policies/column?groupId=&tableId=` — every column visible again. */
export const DELETE = apiHandler(async (request) => {
  const viewer = await authenticateAdmin(request);
  const query = new URL(request.url).searchParams;
  await deleteColumnPolicy(
    idParam(query, "groupId", "group_not_found"),
    idParam(query, "tableId", "table_not_found"),
    viewer.user.id,
  );
  return new Response(null, { status: 204 });
});

export const { GET, POST, PATCH, HEAD } = methodsNotAllowed(["PUT", "DELETE"]);
