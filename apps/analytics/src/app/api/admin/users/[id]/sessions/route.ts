import { revokeUserSessions } from "~/server/admin/users";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/** `DELETE /api/admin/users/:id/sessions` — ends all the user's sessions; they may sign in again. */
export const DELETE = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  const id = parseId((await params).id, "user_not_found");
  return Response.json(await revokeUserSessions(id, viewer.user.id));
});

export const { GET, POST, PUT, PATCH, HEAD } = methodsNotAllowed(["DELETE"]);
