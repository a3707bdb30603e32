import { listCollectionItems } from "~/server/content/collections";
import { contentViewerFromRequest } from "~/server/content/viewer-from-request";
import { apiHandler } from "~/server/http/api-handler";
import { preflight } from "~/server/http/cors";
import { jsonResponse } from "~/server/http/json-response";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";

export const dynamic = "force-dynamic";

/** `GET /api/collection/:id/items` (`root` = the top level) — only what the viewer may see. */
export const GET = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await contentViewerFromRequest(request);
  const { id } = await params;
  const collectionId = id === "root" ? null : parseId(id, "collection_not_found");
  return jsonResponse({ items: await listCollectionItems(collectionId, viewer) });
});

export const OPTIONS = preflight;

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
