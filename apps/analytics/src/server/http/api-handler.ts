import "server-only";
import { randomUUID } from "node:crypto";
import { toErrorResponse } from "./api-error";

type RouteContext<P> = { params: Promise<P> };

/**
 * Wraps a route handler so that every thrown value becomes the API's error JSON and every
 * response carries a request id.
 */
export function apiHandler<P = Record<string, never>>(
  handler: (request: Request, context: RouteContext<P>) => Promise<Response>,
) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    const requestId = request.headers.get("x-request-id") ?? randomUUID();
    try {
      const response = await handler(request, context);
      response.headers.set("x-request-id", requestId);
      return response;
    } catch (error) {
      return toErrorResponse(error, requestId);
    }
  };
}
