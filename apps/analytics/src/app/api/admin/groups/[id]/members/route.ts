import { addGroupMember } from "~/server/admin/groups";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";
import { AddGroupMemberSchema } from "~/shared/admin-schemas/groups";

export const dynamic = "force-dynamic";

/** `POST /api/admin/groups/:id/members` body `{ userId }` — adds a manual membership. */
export const POST = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  const groupId = parseId((await params).id, "group_not_found");
  const { userId } = await readJsonBody(request, AddGroupMemberSchema, { maxBytes: 1024 });
  return Response.json(await addGroupMember(groupId, userId, viewer.user.id), { status: 201 });
});

export const { GET, PUT, PATCH, DELETE, HEAD } = methodsNotAllowed(["POST"]);
