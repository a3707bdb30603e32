import { CreateDashboardSchema, createDashboard, listDashboards } from "~/server/admin/dashboards";
import { optionalIdParam } from "~/server/admin/lookups";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/** `GET /api/admin/dashboards[?collectionId=]` */
export const GET = apiHandler(async (request) => {
  await authenticateAdmin(request);
  const query = new URL(request.url).searchParams;
  const collectionId = optionalIdParam(query, "collectionId", "collection_not_found");
  return Response.json({
    dashboards: await listDashboards(collectionId === null ? {} : { collectionId }),
  });
});

/** `POST /api/admin/dashboards` body `{ name, description?, collectionId?, parameters? }` */
export const POST = apiHandler(async (request) => {
  const viewer = await authenticateAdmin(request);
  const input = await readJsonBody(request, CreateDashboardSchema);
  return Response.json(await createDashboard(input, viewer.user.id), { status: 201 });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
