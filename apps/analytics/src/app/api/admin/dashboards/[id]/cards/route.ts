import { PutDashcardsSchema, replaceDashboardCards } from "~/server/admin/dashboards";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/**
 * `PUT /api/admin/dashboards/:id/cards` body `[{ id?, cardId, x, y, w, h, titleOverride?,
 * parameterMappings: [{ parameterId, target: { column } }] }]` — replaces the dashboard's cards;
 * an entry with the `id` of an existing one keeps it.
 */
export const PUT = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  const id = parseId((await params).id, "dashboard_not_found");
  const cards = await readJsonBody(request, PutDashcardsSchema, { maxBytes: 256 * 1024 });
  return Response.json(await replaceDashboardCards(id, cards, viewer.user.id));
});

export const { GET, POST, PATCH, DELETE, HEAD } = methodsNotAllowed(["PUT"]);
