import { listLoginThrottles } from "~/server/admin/login-throttles";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/** `GET /api/admin/login-throttles` — accounts and addresses with failures or a lockout. */
export const GET = apiHandler(async (request) => {
  await authenticateAdmin(request);
  return Response.json(
    { throttles: await listLoginThrottles() },
    { headers: { "cache-control": "no-store" } },
  );
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
