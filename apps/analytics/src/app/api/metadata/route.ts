import { visibleMetadata } from "~/server/content/metadata";
import { contentViewerFromRequest } from "~/server/content/viewer-from-request";
import { getAppDatabase } from "~/server/db/app-database";
import { ApiError } from "~/server/http/api-error";
import { apiHandler } from "~/server/http/api-handler";
import { preflight } from "~/server/http/cors";
import { jsonResponse } from "~/server/http/json-response";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { getWarehouse } from "~/server/warehouse/warehouses";

export const dynamic = "force-dynamic";

/**
 * `GET /api/metadata[?dataSourceId=]` — the tables and columns the viewer may query, for query
 * builders and drill-through menus. Hidden tables and columns are simply absent.
 */
export const GET = apiHandler(async (request) => {
  const viewer = await contentViewerFromRequest(request);
  const requested = new URL(request.url).searchParams.get("dataSourceId");
  const { prisma } = await getAppDatabase();
  const source = requested
    ? await prisma.dataSource.findUnique({
        where: { id: parseId(requested, "data_source_not_found") },
      })
    : await prisma.dataSource.findFirst({ orderBy: { id: "asc" } });
  if (!source) throw new ApiError("data_source_not_found", 404, "There is no such data source.");
  const [warehouse, policy] = await Promise.all([
    getWarehouse(source.id, viewer.configVersion),
    viewer.policyFor(source.id),
  ]);
  return jsonResponse(
    {
      dataSourceId: source.id,
      ...visibleMetadata(warehouse.metadata, policy, warehouse.hiddenColumns),
    },
    { headers: { "cache-control": "private, no-store" } },
  );
});

export const OPTIONS = preflight;

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
