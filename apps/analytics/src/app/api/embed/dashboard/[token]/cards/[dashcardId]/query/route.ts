import { z } from "zod";
import { withQueryAudit } from "~/server/content/audit-content";
import { runDashcard } from "~/server/content/content";
import { ParameterValuesSchema } from "~/server/content/parameters";
import { guestParameterValues, openGuestDashboard } from "~/server/embed/guest-dashboard";
import { apiHandler } from "~/server/http/api-handler";
import { preflight } from "~/server/http/cors";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { parseId } from "~/server/http/parse-id";
import { queryResultResponse } from "~/server/http/query-result-response";
import { readJsonBody } from "~/server/http/read-json-body";

export const dynamic = "force-dynamic";

const BodySchema = z.object({ parameters: ParameterValuesSchema }).strict();

/**
 * `POST /api/embed/dashboard/:token/cards/:dashcardId/query` — a value for a locked or disabled
 * parameter is refused (400); locked values come only from the token.
 */
export const POST = apiHandler<{ token: string; dashcardId: string }>(
  async (request, { params }) => {
    const route = await params;
    const guest = await openGuestDashboard(route.token);
    const dashcardId = parseId(route.dashcardId, "card_not_found");
    const body = await readJsonBody(request, BodySchema, { maxBytes: 32 * 1024 });
    const values = guestParameterValues(guest, body.parameters);
    return withQueryAudit(
      guest.viewer,
      { type: "guest_dashboard", id: guest.dashboard.id, dashcardId },
      async () => {
        const { result } = await runDashcard(guest.viewer, guest.dashboard, dashcardId, values, {
          signal: request.signal,
        });
        return queryResultResponse(result);
      },
    );
  },
);

export const OPTIONS = preflight;

export const { GET, PUT, PATCH, DELETE, HEAD } = methodsNotAllowed(["POST"]);
