import { deleteGroupMapping } from "~/server/admin/groups";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/** `DELETE /api/admin/group-mappings/:id` */
export const DELETE = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  await deleteGroupMapping(parseId((await params).id, "group_mapping_not_found"), viewer.user.id);
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, PATCH, HEAD } = methodsNotAllowed(["DELETE"]);
