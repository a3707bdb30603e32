import {
  deleteDashboard,
  getDashboard,
  UpdateDashboardSchema,
  updateDashboard,
} from "~/server/admin/dashboards";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/** `GET /api/admin/dashboards/:id` — with every card and its raw parameter mappings. */
export const GET = apiHandler<{ id: string }>(async (request, { params }) => {
  await authenticateAdmin(request);
  return Response.json(await getDashboard(parseId((await params).id, "dashboard_not_found")));
});

/** `PATCH /api/admin/dashboards/:id` body `{ name?, description?, collectionId?, parameters? }` */
export const PATCH = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  const id = parseId((await params).id, "dashboard_not_found");
  const patch = await readJsonBody(request, UpdateDashboardSchema);
  return Response.json(await updateDashboard(id, patch, viewer.user.id));
});

/** `DELETE /api/admin/dashboards/:id` */
export const DELETE = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  await deleteDashboard(parseId((await params).id, "dashboard_not_found"), viewer.user.id);
  return new Response(null, { status: 204 });
});

export const { POST, PUT } = methodsNotAllowed(["GET", "PATCH", "DELETE"]);
