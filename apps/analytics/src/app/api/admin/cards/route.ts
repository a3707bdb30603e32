import { CreateCardSchema, createCard, listCards } from "~/server/admin/cards";
import { optionalIdParam } from "~/server/admin/lookups";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/** `GET /api/admin/cards[?collectionId=]` — every saved question, queries included. */
export const GET = apiHandler(async (request) => {
  await authenticateAdmin(request);
  const query = new URL(request.url).searchParams;
  const collectionId = optionalIdParam(query, "collectionId", "collection_not_found");
  return Response.json({
    cards: await listCards(collectionId === null ? {} : { collectionId }),
  });
});

/**
 * `POST /api/admin/cards` body `{ name, description?, collectionId?, display, dataSourceId,
 * queryKind: "structured" | "native", query, visualizationSettings? }` — a structured query must
 * compile against the data source; a native one is `{ sql }`.
 */
export const POST = apiHandler(async (request) => {
  const viewer = await authenticateAdmin(request);
  const input = await readJsonBody(request, CreateCardSchema);
  return Response.json(await createCard(input, viewer.user.id), { status: 201 });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
