import "server-only";
import { readNextAuthSessionToken } from "../auth/next-auth";
import { ApiError } from "../http/api-error";
import { readSessionCookie } from "./session-cookie";
import { resolveSession, type Viewer } from "./sessions";

/** The session token a request presents: `Authorization: Bearer` (SDK) or the cookie (full app). */
export function readSessionToken(request: Request): string | undefined {
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
  return readSessionCookie(request);
}

/** The viewer behind a request, or 401 with the reason. */
export async function authenticateRequest(request: Request): Promise<Viewer> {
  // The admin UI's login goes through next-auth, whose cookie carries a database session token.
  const token = readSessionToken(request) ?? (await readNextAuthSessionToken(request));
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
