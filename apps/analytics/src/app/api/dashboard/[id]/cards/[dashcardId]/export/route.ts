import { stringify } from "csv-stringify/sync";
import { auditContent, withQueryAudit } from "~/server/content/audit-content";
import { loadVisibleDashboard, runDashcard } from "~/server/content/content";
import { contentViewerFromRequest } from "~/server/content/viewer-from-request";
import { ApiError } from "~/server/http/api-error";
import { apiHandler } from "~/server/http/api-handler";
import { preflight } from "~/server/http/cors";
import { parseId } from "~/server/http/parse-id";
import { getSettings } from "~/server/settings/settings";

export const dynamic = "force-dynamic";

/**
 * `GET /api/dashboard/:id/cards/:dashcardId/export?format=csv[&parameters=<json>]` — exactly the
 * rows the viewer's query returns (same policy, same filters), as CSV, up to the export cap.
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
  return withQueryAudit(viewer, { type: "dashboard", id, dashcardId }, async () => {
    const dashboard = await loadVisibleDashboard(id, viewer);
    const { dashcard, result } = await runDashcard(viewer, dashboard, dashcardId, values, {
      signal: request.signal,
      maxRows: maxExportRows,
    });
    const csv = stringify([result.columns.map((column) => column.displayName), ...result.rows], {
      cast: { date: (value) => value.toISOString(), boolean: (value) => String(value) },
    });
    await auditContent(
      "export.downloaded",
      viewer,
      { type: "dashboard", id, dashcardId },
      {
        format: "csv",
        rows: result.rowCount,
        truncated: result.truncated,
        durationMs: Math.round(result.durationMs),
      },
    );
    const filename = `${(dashcard.titleOverride ?? dashcard.card.name).replace(/[^\w-]+/g, "_").slice(0, 80) || "export"}.csv`;
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
        "cache-control": "private, no-store",
        ...(result.truncated ? { "x-embed-truncated": "true" } : {}),
      },
    });
  });
});

export const OPTIONS = preflight;
