import { startDataSourceSync, syncDataSource } from "~/server/admin/sync-data-source";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/**
 * `POST /api/admin/data-sources/:id/sync` — starts re-reading the warehouse's tables and columns
 * and answers 202 with the sync's state (poll `GET /api/admin/data-sources/:id`); `?wait=true`
 * answers 200 with the summary when it is done. Existing ids (and so permissions and policies)
 * survive; vanished tables are hidden, never deleted. 409 `sync_in_progress` while one runs.
 */
export const POST = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  const id = parseId((await params).id, "data_source_not_found");
  if (new URL(request.url).searchParams.get("wait") === "true") {
    return Response.json(await syncDataSource(id, viewer.user.id));
  }
  return Response.json(await startDataSourceSync(id, viewer.user.id), { status: 202 });
});

export const { GET, PUT, PATCH, DELETE, HEAD } = methodsNotAllowed(["POST"]);
