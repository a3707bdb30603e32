import { auditContent, withQueryAudit } from "~/server/content/audit-content";
import { loadVisibleDashboard, streamDashcard } from "~/server/content/content";
import { contentViewerFromRequest } from "~/server/content/viewer-from-request";
import { streamCsvResponse } from "~/server/execution/stream-csv-response";
import { ApiError } from "~/server/http/api-error";
import { apiHandler } from "~/server/http/api-handler";
import { preflight } from "~/server/http/cors";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { getSettings } from "~/server/settings/settings";

export const dynamic = "force-dynamic";

/**
 * `GET /api/dashboard/:id/cards/:dashcardId/export?format=csv[&parameters=<json>]` — exactly the
 * rows the viewer's query returns (same policy, same filters), as CSV, up to the export cap.
 * Streamed from a warehouse cursor: the response starts before the last row is read, so whether
 * the cap cut it off is not known up front (see streamCsvResponse).
 */
export const GET = apiHandler<{ id: string; dashcardId: string }>(async (request, { params }) => {
  const viewer = await contentViewerFromRequest(request);
  const route = await params;
  const id = parseId(route.id, "dashboard_not_found");
  const dashcardId = parseId(route.dashcardId, "card_not_found");
  const query = new URL(request.url).searchParams;
  if ((query.get("format") ?? "csv") !== "csv") {
    throw new ApiError("bad_request", 400, "Only format=csv is supported.");
  }
  let values: Record<string, unknown> = {};
  const rawParameters = query.get("parameters");
  if (rawParameters) {
    try {
      values = JSON.parse(rawParameters);
    } catch {
      throw new ApiError(
        "invalid_parameter",
        400,
        "parameters must be a JSON object of { slug: value }.",
      );
    }
    if (values === null || typeof values !== "object" || Array.isArray(values)) {
      throw new ApiError(
        "invalid_parameter",
        400,
        "parameters must be a JSON object of { slug: value }.",
      );
    }
  }
  const { maxExportRows } = await getSettings();
  const resource = { type: "dashboard", id, dashcardId } as const;
  return withQueryAudit(viewer, resource, async () => {
    const dashboard = await loadVisibleDashboard(id, viewer);
    const started = performance.now();
    const { dashcard, stream } = await streamDashcard(viewer, dashboard, dashcardId, values, {
      signal: request.signal,
      maxRows: maxExportRows,
    });
    const filename = `${(dashcard.titleOverride ?? dashcard.card.name).replace(/[^\w-]+/g, "_").slice(0, 80) || "export"}.csv`;
    return streamCsvResponse(stream, {
      filename,
      maxRows: maxExportRows,
      signal: request.signal,
      // Recorded once the stream ended, with what was actually sent.
      onEnd: (outcome) => {
        const durationMs = Math.round(performance.now() - started);
        return outcome.error
          ? auditContent("query.failed", viewer, resource, {
              code: outcome.error,
              rows: outcome.rows,
              durationMs,
            })
          : auditContent("export.downloaded", viewer, resource, {
              format: "csv",
              rows: outcome.rows,
              truncated: outcome.truncated,
              durationMs,
            });
      },
    });
  });
});

export const OPTIONS = preflight;

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
