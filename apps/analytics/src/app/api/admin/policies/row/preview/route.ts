import { previewRowPolicyView } from "~/server/admin/policies";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";
import { PreviewSqlViewSchema } from "~/shared/admin-schemas/policies";

export const dynamic = "force-dynamic";

/**
 * `POST /api/admin/policies/row/preview` body `{ tableId, sql, attributes }` — the table read
 * through a SQL view not yet saved, for these attribute values: `{ sql, parameters, columns,
 * rows, truncated }`. Nothing is stored.
 */
export const POST = apiHandler(async (request) => {
  await authenticateAdmin(request);
  const input = await readJsonBody(request, PreviewSqlViewSchema, { maxBytes: 64 * 1024 });
  return Response.json(await previewRowPolicyView(input), {
    headers: { "cache-control": "no-store" },
  });
});

export const { GET, PUT, PATCH, DELETE, HEAD } = methodsNotAllowed(["POST"]);
