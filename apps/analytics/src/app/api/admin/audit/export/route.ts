import { csvLine } from "@embed/contracts/csv";
import { AUDIT_CSV_HEADER, auditEventCsvRow } from "~/server/audit/audit-event-csv-row";
import { parseAuditQuery, searchAuditEvents } from "~/server/audit/search-audit-events";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/** One export holds at most this many rows: narrow the filter for more. */
const EXPORT_MAX_ROWS = 50_000;
const PAGE = 1000;

/** `GET /api/admin/audit/export` — the filtered events as CSV (same query as the list). */
export const GET = apiHandler(async (request) => {
  await authenticateAdmin(request);
  const filter = parseAuditQuery(Object.fromEntries(new URL(request.url).searchParams), PAGE);
  let body = csvLine(AUDIT_CSV_HEADER);
  let cursor: string | null = null;
  let rows = 0;
  do {
    const page = await searchAuditEvents({ ...filter, cursor });
    for (const event of page.events) body += csvLine(auditEventCsvRow(event));
    rows += page.events.length;
    cursor = page.nextCursor;
  } while (cursor && rows < EXPORT_MAX_ROWS);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="audit-events.csv"',
      "cache-control": "no-store",
    },
  });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
