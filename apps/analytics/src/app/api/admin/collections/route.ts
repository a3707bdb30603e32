import {
  CreateCollectionSchema,
  createCollection,
  listCollections,
} from "~/server/admin/collections";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/** `GET /api/admin/collections` — every collection, with what each holds. */
export const GET = apiHandler(async (request) => {
  await authenticateAdmin(request);
  return Response.json({ collections: await listCollections() });
});

/** `POST /api/admin/collections` body `{ name, description?, parentId? }` */
export const POST = apiHandler(async (request) => {
  const viewer = await authenticateAdmin(request);
  const input = await readJsonBody(request, CreateCollectionSchema);
  return Response.json(await createCollection(input, viewer.user.id), { status: 201 });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
