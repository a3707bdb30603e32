import { ApiError } from "~/server/http/api-error";
import { apiHandler } from "~/server/http/api-handler";

export const dynamic = "force-dynamic";

// Unknown API routes answer the API's JSON error instead of Next.js's HTML 404 page.
const notFound = apiHandler<{ path: string[] }>(async (request) => {
  throw new ApiError("not_found", 404, `There is no API route ${new URL(request.url).pathname}.`);
});

export {
  notFound as DELETE,
  notFound as GET,
  notFound as PATCH,
  notFound as POST,
  notFound as PUT,
};
