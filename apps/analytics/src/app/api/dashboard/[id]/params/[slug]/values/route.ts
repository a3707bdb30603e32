import { withQueryAudit } from "~/server/content/audit-content";
import { loadVisibleDashboard, parameterValues } from "~/server/content/content";
import { contentViewerFromRequest } from "~/server/content/viewer-from-request";
import { apiHandler } from "~/server/http/api-handler";
import { preflight } from "~/server/http/cors";
import { jsonResponse } from "~/server/http/json-response";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";

export const dynamic = "force-dynamic";

/** `GET /api/dashboard/:id/params/:slug/values[?search=]` — only values the viewer may see. */
export const GET = apiHandler<{ id: string; slug: string }>(async (request, { params }) => {
  const viewer = await contentViewerFromRequest(request);
  const route = await params;
  const id = parseId(route.id, "dashboard_not_found");
  const search = new URL(request.url).searchParams.get("search")?.slice(0, 200) ?? undefined;
  return withQueryAudit(viewer, { type: "dashboard", id }, async () => {
    const dashboard = await loadVisibleDashboard(id, viewer);
    const values = await parameterValues(viewer, dashboard, route.slug, {
      signal: request.signal,
      ...(search ? { search } : {}),
    });
    return jsonResponse(values, { headers: { "cache-control": "private, no-store" } });
  });
});

export const OPTIONS = preflight;

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
