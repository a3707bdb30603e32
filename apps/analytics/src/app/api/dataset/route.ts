import { parseStructuredQuery } from "@embed/query";
import { z } from "zod";
import { withQueryAudit } from "~/server/content/audit-content";
import { runStructuredQuery } from "~/server/content/content";
import { contentViewerFromRequest } from "~/server/content/viewer-from-request";
import { getAppDatabase } from "~/server/db/app-database";
import { ApiError } from "~/server/http/api-error";
import { apiHandler } from "~/server/http/api-handler";
import { preflight } from "~/server/http/cors";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { queryResultResponse } from "~/server/http/query-result-response";
import { readJsonBody } from "~/server/http/read-json-body";

export const dynamic = "force-dynamic";

/**
 * `POST /api/dataset[?dataSourceId=]` body: a structured query — ad-hoc exploration and
 * drill-through, under the viewer's policy exactly like a saved question. Without
 * `dataSourceId`, the first data source.
 */
export const POST = apiHandler(async (request) => {
  const viewer = await contentViewerFromRequest(request);
  const raw = await readJsonBody(request, z.unknown(), { maxBytes: 64 * 1024 });
  const requested = new URL(request.url).searchParams.get("dataSourceId");
  const { prisma } = await getAppDatabase();
  const source = requested
    ? await prisma.dataSource.findUnique({
        where: { id: parseId(requested, "data_source_not_found") },
      })
    : await prisma.dataSource.findFirst({ orderBy: { id: "asc" } });
  if (!source) throw new ApiError("data_source_not_found", 404, "There is no such data source.");
  return withQueryAudit(viewer, { type: "dataset" }, async () => {
    const query = parseStructuredQuery(raw);
    return queryResultResponse(
      await runStructuredQuery(viewer, source.id, query, { signal: request.signal }),
    );
  });
});

export const OPTIONS = preflight;

export const { GET, PUT, PATCH, DELETE, HEAD } = methodsNotAllowed(["POST"]);
