import "server-only";
import { readNextAuthSessionToken } from "../auth/next-auth";
import { ApiError } from "../http/api-error";
import { assertSameOriginWrite } from "../http/same-origin";
import { readSessionCookie } from "./session-cookie";
import { resolveSession, type Viewer } from "./sessions";

/** The session token of `Authorization: Bearer` (SDK), if the request has that header. */
function readBearerToken(request: Request): string | undefined {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/.exec(authorization.trim());
    if (!match) {
      throw new ApiError(
        "session_invalid",
        401,
        "The Authorization header must be `Bearer <sessionToken>`.",
      );
    }
    return match[1];
  }
  return undefined;
}

/**
 * The viewer behind a request, or 401 with the reason. A session presented by cookie (the full
 * app's `embed_session`, the admin's next-auth cookie) is ambient: the browser sends it whoever
 * started the request, so a state-changing request signed in that way must come from this
 * server's own origin (403 `cross_origin_request`). A bearer token is never ambient: the SDK
 * calls cross-origin by design.
 */
export async function authenticateRequest(request: Request): Promise<Viewer> {
  const bearer = readBearerToken(request);
  if (bearer) return resolveSession(bearer);
  // The admin UI's login goes through next-auth, whose cookie carries a database session token.
  const token = readSessionCookie(request) ?? (await readNextAuthSessionToken(request));
  if (token) assertSameOriginWrite(request);
  if (!token) {
    throw new ApiError(
      "session_missing",
      401,
      "Sign in first: send `Authorization: Bearer <sessionToken>` from POST /api/session/sso, or the session cookie.",
    );
  }
  return resolveSession(token);
}

/** The viewer, who must be an administrator (else 403). */
export async function authenticateAdmin(request: Request): Promise<Viewer> {
  const viewer = await authenticateRequest(request);
  if (!viewer.user.isAdmin) throw new ApiError("forbidden", 403, "This needs an administrator.");
  return viewer;
}
