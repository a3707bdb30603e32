import "server-only";
import { getSettings } from "../settings/settings";

const ALLOWED_HEADERS = "authorization, content-type, x-request-id";
const ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

/**
 * CORS for the SDK, which calls the API from the host's origin with a bearer token (never
 * cookies, so no `Allow-Credentials`). Only authorized origins get the headers; any other origin
 * is left to the browser's same-origin policy.
 */
export async function applyCors(request: Request, response: Response): Promise<Response> {
  const origin = request.headers.get("origin");
  response.headers.append("vary", "Origin");
  if (!origin) return response;
  const { authorizedOrigins } = await getSettings();
  if (!authorizedOrigins.includes(origin)) return response;
  response.headers.set("access-control-allow-origin", origin);
  response.headers.set("access-control-expose-headers", "x-request-id");
  return response;
}

/** `OPTIONS` for every API route the SDK calls: answers the browser's preflight. */
export async function preflight(request: Request): Promise<Response> {
  const response = new Response(null, { status: 204 });
  await applyCors(request, response);
  if (response.headers.has("access-control-allow-origin")) {
    response.headers.set("access-control-allow-methods", ALLOWED_METHODS);
    response.headers.set("access-control-allow-headers", ALLOWED_HEADERS);
    response.headers.set("access-control-max-age", "600");
  }
  return response;
}
