import { auditContent } from "~/server/content/audit-content";
import { dashboardResponse } from "~/server/content/content";
import { openGuestDashboard } from "~/server/embed/guest-dashboard";
import { apiHandler } from "~/server/http/api-handler";
import { preflight } from "~/server/http/cors";
import { jsonResponse } from "~/server/http/json-response";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";

export const dynamic = "force-dynamic";

/** `GET /api/embed/dashboard/:token` — the dashboard; only editable parameters are listed. */
export const GET = apiHandler<{ token: string }>(async (_request, { params }) => {
  const guest = await openGuestDashboard((await params).token);
  await auditContent("dashboard.viewed", guest.viewer, {
    type: "guest_dashboard",
    id: guest.dashboard.id,
  });
  return jsonResponse(dashboardResponse(guest.dashboard, guest.editable), {
    headers: { "cache-control": "private, no-store" },
  });
});

export const OPTIONS = preflight;

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
