import { z } from "zod";
import { listAuditEvents } from "~/server/audit/list-audit-events";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

const LimitSchema = z.coerce.number().int().min(1).max(1000).catch(100);

/** `GET /api/admin/audit[?type=user.login&limit=100]` — newest first. */
export const GET = apiHandler(async (request) => {
  await authenticateAdmin(request);
  const query = new URL(request.url).searchParams;
  const events = await listAuditEvents({
    type: query.get("type"),
    limit: LimitSchema.parse(query.get("limit")),
  });
  return Response.json({ events }, { headers: { "cache-control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
