import { createGroupMapping, listGroupMappings } from "~/server/admin/groups";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";
import { CreateGroupMappingSchema } from "~/shared/admin-schemas/groups";

export const dynamic = "force-dynamic";

/** `GET /api/admin/group-mappings` */
export const GET = apiHandler(async (request) => {
  await authenticateAdmin(request);
  return Response.json({ mappings: await listGroupMappings() });
});

/** `POST /api/admin/group-mappings` body `{ attribute, value, groupId }` — takes effect at each user's next login. */
export const POST = apiHandler(async (request) => {
  const viewer = await authenticateAdmin(request);
  const input = await readJsonBody(request, CreateGroupMappingSchema);
  return Response.json(await createGroupMapping(input, viewer.user.id), { status: 201 });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
