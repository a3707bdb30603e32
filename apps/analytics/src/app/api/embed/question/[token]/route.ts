import { auditContent } from "~/server/content/audit-content";
import { guestQuestionResponse, openGuestQuestion } from "~/server/embed/guest-question";
import { apiHandler } from "~/server/http/api-handler";
import { preflight } from "~/server/http/cors";
import { jsonResponse } from "~/server/http/json-response";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";

export const dynamic = "force-dynamic";

/** `GET /api/embed/question/:token` — the question; only editable parameters are listed. */
export const GET = apiHandler<{ token: string }>(async (_request, { params }) => {
  const guest = await openGuestQuestion((await params).token);
  await auditContent("question.viewed", guest.viewer, {
    type: "guest_question",
    id: guest.card.id,
  });
  return jsonResponse(guestQuestionResponse(guest), {
    headers: { "cache-control": "private, no-store" },
  });
});

export const OPTIONS = preflight;

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
