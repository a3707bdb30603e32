import { listUsers } from "~/server/admin/users";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/** `GET /api/admin/users[?email=][&q=]` — `q`: email or name contains it. */
export const GET = apiHandler(async (request) => {
  await authenticateAdmin(request);
  const params = new URL(request.url).searchParams;
  return Response.json(
    { users: await listUsers({ email: params.get("email"), search: params.get("q") }) },
    { headers: { "cache-control": "no-store" } },
  );
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
