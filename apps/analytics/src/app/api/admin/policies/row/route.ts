import { idParam } from "~/server/admin/lookups";
import { deleteRowPolicy, setRowPolicy } from "~/server/admin/policies";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";
import { PutRowPolicySchema } from "~/shared/admin-schemas/policies";

export const dynamic = "force-dynamic";

/**
 * `PUT /api/admin/policies/row` body `{ groupId, tableId, kind: "column_attribute", columnId,
 * attributeName }` or `{ groupId, tableId, kind: "sql_view", sql }` (`{{attribute}}` placeholders).
 */
export const PUT = apiHandler(async (request) => {
  const viewer = await authenticateAdmin(request);
  const input = await readJsonBody(request, PutRowPolicySchema);
  return Response.json(await setRowPolicy(input, viewer.user.id));
});

/** `DELETE /api/admin/policies/row?groupId=&tableId=` */
export const DELETE = apiHandler(async (request) => {
  const viewer = await authenticateAdmin(request);
  const query = new URL(request.url).searchParams;
  await deleteRowPolicy(
    idParam(query, "groupId", "group_not_found"),
    idParam(query, "tableId", "table_not_found"),
    viewer.user.id,
  );
  return new Response(null, { status: 204 });
});

export const { GET, POST, PATCH, HEAD } = methodsNotAllowed(["PUT", "DELETE"]);
