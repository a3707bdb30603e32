import { NextResponse } from "next/server";
import { recordAuditEvent } from "~/server/audit/record-audit-event";
import { apiHandler } from "~/server/http/api-handler";
import { preflight } from "~/server/http/cors";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { authenticateRequest } from "~/server/sessions/authenticate-request";
import { clearSessionCookie } from "~/server/sessions/session-cookie";
import { revokeSession } from "~/server/sessions/sessions";

export const dynamic = "force-dynamic";

/** `DELETE /api/session` — revokes the session presented (bearer token or cookie). */
export const DELETE = apiHandler(async (request) => {
  const viewer = await authenticateRequest(request);
  await revokeSession(viewer.sessionId);
  await recordAuditEvent({
    type: "session.revoked",
    actorUserId: viewer.user.id,
    actorAttributes: viewer.user.attributes,
    resourceType: "session",
    resourceId: viewer.sessionId,
    payload: { reason: "logout", sessionKind: viewer.sessionKind },
  });
  const response = new NextResponse(null, { status: 204 });
  clearSessionCookie(response, request);
  return response;
});

export const OPTIONS = preflight;

export const { GET, POST, PUT, PATCH, HEAD } = methodsNotAllowed(["DELETE"]);
