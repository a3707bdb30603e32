import { apiHandler } from "~/server/http/api-handler";
import { preflight } from "~/server/http/cors";
import { jsonResponse } from "~/server/http/json-response";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { authenticateRequest } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/** `GET /api/user/current` — who the session belongs to, with groups and attributes. */
export const GET = apiHandler(async (request) => {
  const { user } = await authenticateRequest(request);
  return jsonResponse(
    {
      id: user.id,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      groups: user.groups,
      attributes: user.attributes,
      isAdmin: user.isAdmin,
    },
    { headers: { "cache-control": "no-store" } },
  );
});

export const OPTIONS = preflight;

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
