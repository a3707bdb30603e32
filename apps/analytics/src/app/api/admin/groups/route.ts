import { createGroup, listGroups } from "~/server/admin/groups";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";
import { CreateGroupSchema } from "~/shared/admin-schemas/groups";

export const dynamic = "force-dynamic";

/** `GET /api/admin/groups` */
export const GET = apiHandler(async (request) => {
  await authenticateAdmin(request);
  return Response.json({ groups: await listGroups() });
});

/** `POST /api/admin/groups` body `{ name, description? }` */
export const POST = apiHandler(async (request) => {
  const viewer = await authenticateAdmin(request);
  const input = await readJsonBody(request, CreateGroupSchema);
  return Response.json(await createGroup(input, viewer.user.id), { status: 201 });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
