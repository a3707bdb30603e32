import { createDataSource, listDataSources } from "~/server/admin/data-sources";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";
import { CreateDataSourceSchema } from "~/shared/admin-schemas/data-sources";

export const dynamic = "force-dynamic";

/** `GET /api/admin/data-sources` — kind, engine, sync time and table count; never a connection secret. */
export const GET = apiHandler(async (request) => {
  await authenticateAdmin(request);
  return Response.json(
    { dataSources: await listDataSources() },
    { headers: { "cache-control": "no-store" } },
  );
});

/**
 * `POST /api/admin/data-sources` body `{ name, url: "postgres://…" }` — connects and reads the
 * schema first (400 `data_source_unreachable` otherwise), then stores the URL encrypted.
 */
export const POST = apiHandler(async (request) => {
  const viewer = await authenticateAdmin(request);
  const input = await readJsonBody(request, CreateDataSourceSchema, { maxBytes: 8 * 1024 });
  return Response.json(await createDataSource(input, viewer.user.id), { status: 201 });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
