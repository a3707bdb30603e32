import { auditContent } from "~/server/content/audit-content";
import { dashboardResponse, loadVisibleDashboard } from "~/server/content/content";
import { contentViewerFromRequest } from "~/server/content/viewer-from-request";
import { apiHandler } from "~/server/http/api-handler";
import { preflight } from "~/server/http/cors";
import { jsonResponse } from "~/server/http/json-response";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";

export const dynamic = "force-dynamic";

/** `GET /api/dashboard/:id` — the dashboard with the cards the viewer may see (else 404). */
export const GET = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await contentViewerFromRequest(request);
  const id = parseId((await params).id, "dashboard_not_found");
  const dashboard = await loadVisibleDashboard(id, viewer);
  await auditContent(
    "dashboard.viewed",
    viewer,
    { type: "dashboard", id },
    { cards: dashboard.cards.length },
  );
  return jsonResponse(dashboardResponse(dashboard), {
    headers: { "cache-control": "private, no-store" },
  });
});

export const OPTIONS = preflight;

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
