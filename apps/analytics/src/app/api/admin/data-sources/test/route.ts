import { testDataSourceConnection } from "~/server/admin/data-sources";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";
import { TestDataSourceSchema } from "~/shared/admin-schemas/data-sources";

export const dynamic = "force-dynamic";

/**
 * `POST /api/admin/data-sources/test` body `{ url }` — connects and reads the schema as saving
 * would, storing nothing: `{ ok: true, tables, engine }` or 400 `data_source_unreachable`.
 */
export const POST = apiHandler(async (request) => {
  await authenticateAdmin(request);
  const input = await readJsonBody(request, TestDataSourceSchema, { maxBytes: 8 * 1024 });
  return Response.json(await testDataSourceConnection(input), {
    headers: { "cache-control": "no-store" },
  });
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(["POST"]);
