import { setUserActive, UpdateUserSchema } from "~/server/admin/users";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/** `PATCH /api/admin/users/:id` body `{ isActive }` — deactivation revokes every session at once. */
export const PATCH = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  const id = parseId((await params).id, "user_not_found");
  const { isActive } = await readJsonBody(request, UpdateUserSchema);
  return Response.json(await setUserActive(id, isActive, viewer.user.id));
});

export const { GET, POST, PUT, DELETE, HEAD } = methodsNotAllowed(["PATCH"]);
