import { withQueryAudit } from "~/server/content/audit-content";
import { loadVisibleCard } from "~/server/content/cards";
import { runCard } from "~/server/content/content";
import { contentViewerFromRequest } from "~/server/content/viewer-from-request";
import { apiHandler } from "~/server/http/api-handler";
import { preflight } from "~/server/http/cors";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { queryResultResponse } from "~/server/http/query-result-response";

export const dynamic = "force-dynamic";

/** `POST /api/card/:id/query` — the saved question's result under the viewer's policy. */
export const POST = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await contentViewerFromRequest(request);
  const id = parseId((await params).id, "card_not_found");
  return withQueryAudit(viewer, { type: "card", id }, async () => {
    const card = await loadVisibleCard(id, viewer);
    return queryResultResponse(await runCard(viewer, card, [], { signal: request.signal }));
  });
});

export const OPTIONS = preflight;

export const { GET, PUT, PATCH, DELETE, HEAD } = methodsNotAllowed(["POST"]);
