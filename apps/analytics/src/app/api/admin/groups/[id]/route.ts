import { deleteGroup, renameGroup } from "~/server/admin/groups";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";
import { RenameGroupSchema } from "~/shared/admin-schemas/groups";

export const dynamic = "force-dynamic";

/** `PATCH /api/admin/groups/:id` body `{ name }` — renames the group (admin-only groups: 400). */
export const PATCH = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  const id = parseId((await params).id, "group_not_found");
  const { name } = await readJsonBody(request, RenameGroupSchema);
  return Response.json(await renameGroup(id, name, viewer.user.id));
});

/** `DELETE /api/admin/groups/:id` — with its memberships, mappings and permissions. */
export const DELETE = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  await deleteGroup(parseId((await params).id, "group_not_found"), viewer.user.id);
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, HEAD } = methodsNotAllowed(["PATCH", "DELETE"]);
