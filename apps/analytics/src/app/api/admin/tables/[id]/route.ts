import { updateTable } from "~/server/admin/data-sources";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";
import { UpdateTableSchema } from "~/shared/admin-schemas/data-sources";

export const dynamic = "force-dynamic";

/**
 * `PATCH /api/admin/tables/:id` body `{ displayName?, description?, visible? }` — curated table
 * metadata, kept across syncs. Hiding is presentation; permissions restrict data.
 */
export const PATCH = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  const id = parseId((await params).id, "table_not_found");
  const input = await readJsonBody(request, UpdateTableSchema, { maxBytes: 8 * 1024 });
  return Response.json(await updateTable(id, input, viewer.user.id));
});

export const { GET, POST, PUT, DELETE } = methodsNotAllowed(["PATCH"]);
