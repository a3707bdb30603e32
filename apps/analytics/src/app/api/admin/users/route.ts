import { listUsers } from "~/server/admin/users";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/** `GET /api/admin/users[?email=]` */
export const GET = apiHandler(async (request) => {
  await authenticateAdmin(request);
  const email = new URL(request.url).searchParams.get("email");
  return Response.json(
    { users: await listUsers({ email }) },
    { headers: { "cache-control": "no-store" } },
  );
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
