import { updateColumn } from "~/server/admin/data-sources";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";
import { UpdateColumnSchema } from "~/shared/admin-schemas/data-sources";

export const dynamic = "force-dynamic";

/**
 * `PATCH /api/admin/columns/:id` body `{ displayName?, semanticType?, visible? }` — curated
 * column metadata, kept across syncs. Hiding is presentation; column policies restrict data.
 */
export const PATCH = apiHandler<{ id: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  const id = parseId((await params).id, "column_not_found");
  const input = await readJsonBody(request, UpdateColumnSchema, { maxBytes: 8 * 1024 });
  return Response.json(await updateColumn(id, input, viewer.user.id));
});

export const { GET, POST, PUT, DELETE } = methodsNotAllowed(["PATCH"]);
