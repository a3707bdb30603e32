import { z } from "zod";
import { withQueryAudit } from "~/server/content/audit-content";
import { loadVisibleDashboard, runDashcard } from "~/server/content/content";
import { ParameterValuesSchema } from "~/server/content/parameters";
import { contentViewerFromRequest } from "~/server/content/viewer-from-request";
import { apiHandler } from "~/server/http/api-handler";
import { preflight } from "~/server/http/cors";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { queryResultResponse } from "~/server/http/query-result-response";
import { readJsonBody } from "~/server/http/read-json-body";

export const dynamic = "force-dynamic";

const BodySchema = z.object({ parameters: ParameterValuesSchema }).strict();

/** `POST /api/dashboard/:id/cards/:dashcardId/query` body `{ parameters: { slug: value } }`. */
export const POST = apiHandler<{ id: string; dashcardId: string }>(async (request, { params }) => {
  const viewer = await contentViewerFromRequest(request);
  const route = await params;
  const id = parseId(route.id, "dashboard_not_found");
  const dashcardId = parseId(route.dashcardId, "card_not_found");
  const body = await readJsonBody(request, BodySchema, { maxBytes: 32 * 1024 });
  return withQueryAudit(viewer, { type: "dashboard", id, dashcardId }, async () => {
    const dashboard = await loadVisibleDashboard(id, viewer);
    const { result } = await runDashcard(viewer, dashboard, dashcardId, body.parameters, {
      signal: request.signal,
    });
    return queryResultResponse(result);
  });
});

export const OPTIONS = preflight;

export const { GET, PUT, PATCH, DELETE, HEAD } = methodsNotAllowed(["POST"]);
