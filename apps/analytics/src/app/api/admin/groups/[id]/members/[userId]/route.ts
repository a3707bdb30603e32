import { removeGroupMember } from "~/server/admin/groups";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/**
 * `DELETE /api/admin/groups/:id/members/:userId` — removes the manual membership; 409
 * `membership_not_manual` when the group is held through a mapping or the groups claim only.
 */
export const DELETE = apiHandler<{ id: string; userId: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  const { id, userId } = await params;
  const groupId = parseId(id, "group_not_found");
  return Response.json(
    await removeGroupMember(groupId, parseId(userId, "user_not_found"), viewer.user.id),
  );
});

export const { GET, POST, PUT, PATCH, HEAD } = methodsNotAllowed(["DELETE"]);
