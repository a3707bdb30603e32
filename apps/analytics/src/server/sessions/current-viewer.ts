import "server-only";
import { cookies } from "next/headers";
import { ApiError } from "../http/api-error";
import { SESSION_COOKIE } from "./session-cookie";
import { resolveSession, type Viewer } from "./sessions";

/**
 * The viewer of a server-rendered page (session cookie), or null when nobody is signed in or the
 * session no longer holds. Pages show a sign-in prompt instead of an error.
 */
export async function getCurrentViewer(): Promise<Viewer | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  try {
    return await resolveSession(token);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}
