import { loadVisibleCard } from "~/server/content/cards";
import { contentViewerFromRequest } from "~/server/content/viewer-from-request";
import { apiHandler } from "~/server/http/api-handler";
import { preflight } from "~/server/http/cors";
import { jsonResponse } from "~/server/http/json-response";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";

export const dynamic = "force-dynamic";

/** `GET /api/card/:id` — a saved question (its query only for admins: native SQL is theirs). */
export const GET = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await contentViewerFromRequest(request);
  const card = await loadVisibleCard(parseId((await params).id, "card_not_found"), viewer);
  return jsonResponse({
    id: card.id,
    name: card.name,
    description: card.description,
    display: card.display,
    queryKind: card.queryKind,
    visualizationSettings: card.visualizationSettings,
    collectionId: card.collectionId,
    ...(viewer.isAdmin ? { query: card.query, dataSourceId: card.dataSourceId } : {}),
  });
});

export const OPTIONS = preflight;

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
