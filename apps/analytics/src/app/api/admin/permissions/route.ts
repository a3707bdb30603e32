import { optionalIdParam } from "~/server/admin/lookups";
import { getPermissionGrid, setTablePermission } from "~/server/admin/permissions";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";
import { PutPermissionSchema } from "~/shared/admin-schemas/policies";

export const dynamic = "force-dynamic";

/** `GET /api/admin/permissions[?dataSourceId=]` — the group × table grid. */
export const GET = apiHandler(async (request) => {
  await authenticateAdmin(request);
  const query = new URL(request.url).searchParams;
  return Response.json(
    await getPermissionGrid(optionalIdParam(query, "dataSourceId", "data_source_not_found")),
  );
});

/** `PUT /api/admin/permissions` body `{ groupId, tableId, level: "none" | "full" | "sandboxed" }` */
export const PUT = apiHandler(async (request) => {
  const viewer = await authenticateAdmin(request);
  const input = await readJsonBody(request, PutPermissionSchema);
  return Response.json(await setTablePermission(input, viewer.user.id));
});

export const { POST, PATCH, DELETE } = methodsNotAllowed(["GET", "PUT"]);
