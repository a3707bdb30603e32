import "server-only";
import { ApiError } from "./api-error";
import { apiHandler } from "./api-handler";

const HANDLED = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof HANDLED)[number];

/**
 * Handlers for the methods a route file does not implement, answering the API's JSON error
 * (405 `method_not_allowed`, with `Allow`) instead of Next.js's empty 405. A route file spreads
 * them beside its own: `export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);`.
 */
export function methodsNotAllowed(allowed: readonly Exclude<Method, "HEAD">[]) {
  const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  // Any route's params (`unknown`): the same handlers serve every route file.
  const refuse = apiHandler<unknown>(async (request) => {
    throw new ApiError(
      "method_not_allowed",
      405,
      `${request.method.slice(0, 10)} is not allowed here; this route answers ${allow}.`,
      { headers: { allow } },
    );
  });
  return Object.fromEntries(HANDLED.map((method) => [method, refuse])) as Record<
    Method,
    typeof refuse
  >;
}
