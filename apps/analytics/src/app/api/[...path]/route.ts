import { ApiError } from "~/server/http/api-error";
import { apiHandler } from "~/server/http/api-handler";
import { redactTokens } from "~/server/redact-tokens";

export const dynamic = "force-dynamic";

// Unknown API routes answer the API's JSON error instead of Next.js's HTML 404 page. The path
// may hold a guest token (`/api/embed/dashboard/<token>/…`): it is redacted here and in the log.
const notFound = apiHandler<{ path: string[] }>(async (request) => {
  throw new ApiError(
    "not_found",
    404,
    `There is no API route ${redactTokens(new URL(request.url).pathname)}.`,
  );
});

export {
  notFound as DELETE,
  notFound as GET,
  notFound as PATCH,
  notFound as POST,
  notFound as PUT,
};
