import "server-only";
import { randomUUID } from "node:crypto";
import { runWithConfigVersionScope } from "../cache/current-config-version";
import { toErrorResponse } from "./api-error";
import { applyCors } from "./cors";

type RouteContext<P> = { params: Promise<P> };

/**
 * Wraps a route handler so that every thrown value becomes the API's error JSON, and every
 * response carries a request id and, for authorized origins, CORS headers. The whole request,
 * CORS included, works with one configuration version (`currentConfigVersion`).
 */
export function apiHandler<P = Record<string, never>>(
  handler: (request: Request, context: RouteContext<P>) => Promise<Response>,
) {
  return (request: Request, context: RouteContext<P>): Promise<Response> =>
    runWithConfigVersionScope(async () => {
      const requestId = request.headers.get("x-request-id") ?? randomUUID();
      let response: Response;
      try {
        response = await handler(request, context);
        response.headers.set("x-request-id", requestId);
      } catch (error) {
        response = toErrorResponse(error, requestId);
      }
      // Errors carry CORS headers too, so the SDK can read their code.
      return applyCors(request, response).catch(() => response);
    });
}
