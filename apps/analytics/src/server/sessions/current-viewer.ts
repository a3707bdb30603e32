import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { ApiError } from "../http/api-error";
import { authenticateRequest } from "./authenticate-request";
import type { Viewer } from "./sessions";

/**
 * The viewer of a server-rendered page (SSO session cookie or the admin's next-auth login), or
 * null when nobody is signed in or the session no longer holds: pages show a sign-in prompt.
 * Cached per request, so the layout and the page share one lookup.
 */
export const getCurrentViewer = cache(async function getCurrentViewer(): Promise<Viewer | null> {
  const incoming = await headers();
  const host = incoming.get("host") ?? "localhost";
  // Same rules as the API: build the request the way a route handler would see it.
  const request = new Request(`http://${host}/`, {
    headers: { cookie: incoming.get("cookie") ?? "" },
  });
  try {
    return await authenticateRequest(request);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
});
