import { getDataSource } from "~/server/admin/data-sources";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/**
 * `GET /api/admin/data-sources/:id` — the data source with its synced tables and columns (their
 * ids are what permissions and policies take); never the connection secret.
 */
export const GET = apiHandler<{ id: string }>(async (request, { params }) => {
  await authenticateAdmin(request);
  const id = parseId((await params).id, "data_source_not_found");
  return Response.json(await getDataSource(id), { headers: { "cache-control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
