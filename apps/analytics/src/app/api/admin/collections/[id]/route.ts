import {
  deleteCollection,
  UpdateCollectionSchema,
  updateCollection,
} from "~/server/admin/collections";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/** `PATCH /api/admin/collections/:id` body `{ name?, description?, parentId? }` */
export const PATCH = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  const id = parseId((await params).id, "collection_not_found");
  const patch = await readJsonBody(request, UpdateCollectionSchema);
  return Response.json(await updateCollection(id, patch, viewer.user.id));
});

/** `DELETE /api/admin/collections/:id` — 409 `conflict` while it holds anything. */
export const DELETE = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  await deleteCollection(parseId((await params).id, "collection_not_found"), viewer.user.id);
  return new Response(null, { status: 204 });
});

export const { GET, POST, PUT, HEAD } = methodsNotAllowed(["PATCH", "DELETE"]);
