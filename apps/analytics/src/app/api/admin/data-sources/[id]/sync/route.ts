import { syncDataSource } from "~/server/admin/sync-data-source";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/**
 * `POST /api/admin/data-sources/:id/sync` — re-reads the warehouse's tables and columns; existing
 * ids (and so permissions and policies) survive, vanished tables are hidden, never deleted.
 */
export const POST = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  const id = parseId((await params).id, "data_source_not_found");
  return Response.json(await syncDataSource(id, viewer.user.id));
});

export const { GET, PUT, PATCH, DELETE, HEAD } = methodsNotAllowed(["POST"]);
