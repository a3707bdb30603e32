import { deleteDataSource, getDataSource, updateDataSource } from "~/server/admin/data-sources";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";
import { UpdateDataSourceSchema } from "~/shared/admin-schemas/data-sources";

export const dynamic = "force-dynamic";

/**
 * `GET /api/admin/data-sources/:id` — the data source with its synced tables and columns (their
 * ids are what permissions and policies take) and its latest sync; never the connection secret.
 */
export const GET = apiHandler<{ id: string }>(async (request, { params }) => {
  await authenticateAdmin(request);
  const id = parseId((await params).id, "data_source_not_found");
  return Response.json(await getDataSource(id), { headers: { "cache-control": "no-store" } });
});

/**
 * `PATCH /api/admin/data-sources/:id` body `{ name?, url? }` — a new URL is tested first, then
 * stored encrypted; a name already taken is 409 `conflict`.
 */
export const PATCH = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  const id = parseId((await params).id, "data_source_not_found");
  const input = await readJsonBody(request, UpdateDataSourceSchema, { maxBytes: 8 * 1024 });
  return Response.json(await updateDataSource(id, input, viewer.user.id));
});

/**
 * `DELETE /api/admin/data-sources/:id` — 409 `data_source_in_use` while questions use it,
 * `data_source_built_in` for the sample warehouse.
 */
export const DELETE = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  const id = parseId((await params).id, "data_source_not_found");
  return Response.json(await deleteDataSource(id, viewer.user.id));
});

export const { POST, PUT } = methodsNotAllowed(["GET", "PATCH", "DELETE"]);
