import { liftLoginThrottle } from "~/server/admin/login-throttles";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/** `DELETE /api/admin/login-throttles/:key` — lifts a lockout (key URL-encoded, as listed). */
export const DELETE = apiHandler<{ key: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  return Response.json(await liftLoginThrottle(decodeKey((await params).key), viewer.user.id));
});

function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export const { GET, POST, PUT, PATCH, HEAD } = methodsNotAllowed(["DELETE"]);
