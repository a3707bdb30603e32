import { z } from "zod";
import { parseAuditQuery, searchAuditEvents } from "~/server/audit/search-audit-events";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

const LimitSchema = z.coerce.number().int().min(1).max(1000).catch(100);

/**
 * `GET /api/admin/audit[?type=&email=&attribute=tenant&value=&from=&to=&limit=100&cursor=]` —
 * newest first; `nextCursor` fetches the next page.
 */
export const GET = apiHandler(async (request) => {
  await authenticateAdmin(request);
  const query = new URL(request.url).searchParams;
  const filter = parseAuditQuery(Object.fromEntries(query), LimitSchema.parse(query.get("limit")));
  const { events, nextCursor } = await searchAuditEvents(filter);
  return Response.json({ events, nextCursor }, { headers: { "cache-control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
