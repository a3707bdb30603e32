import { deleteCard, getCard, UpdateCardSchema, updateCard } from "~/server/admin/cards";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/** `GET /api/admin/cards/:id` */
export const GET = apiHandler<{ id: string }>(async (request, { params }) => {
  await authenticateAdmin(request);
  return Response.json(await getCard(parseId((await params).id, "card_not_found")));
});

/** `PATCH /api/admin/cards/:id` — any card field; a new query is checked like a new card's. */
export const PATCH = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  const id = parseId((await params).id, "card_not_found");
  const patch = await readJsonBody(request, UpdateCardSchema);
  return Response.json(await updateCard(id, patch, viewer.user.id));
});

/** `DELETE /api/admin/cards/:id` — also removes it from the dashboards it is on. */
export const DELETE = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  await deleteCard(parseId((await params).id, "card_not_found"), viewer.user.id);
  return new Response(null, { status: 204 });
});

export const { POST, PUT } = methodsNotAllowed(["GET", "PATCH", "DELETE"]);
