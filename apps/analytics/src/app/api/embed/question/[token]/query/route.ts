import { z } from "zod";
import { withQueryAudit } from "~/server/content/audit-content";
import { ParameterValuesSchema } from "~/server/content/parameters";
import { openGuestQuestion, runGuestQuestion } from "~/server/embed/guest-question";
import { apiHandler } from "~/server/http/api-handler";
import { preflight } from "~/server/http/cors";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { queryResultResponse } from "~/server/http/query-result-response";
import { readJsonBody } from "~/server/http/read-json-body";

export const dynamic = "force-dynamic";

const BodySchema = z.object({ parameters: ParameterValuesSchema }).strict();

/**
 * `POST /api/embed/question/:token/query` — a value for a locked or disabled parameter is refused
 * (400); locked values come only from the token.
 */
export const POST = apiHandler<{ token: string }>(async (request, { params }) => {
  const guest = await openGuestQuestion((await params).token);
  const body = await readJsonBody(request, BodySchema, { maxBytes: 32 * 1024 });
  return withQueryAudit(guest.viewer, { type: "guest_question", id: guest.card.id }, async () =>
    queryResultResponse(await runGuestQuestion(guest, body.parameters, { signal: request.signal })),
  );
});

export const OPTIONS = preflight;

export const { GET, PUT, PATCH, DELETE, HEAD } = methodsNotAllowed(["POST"]);
