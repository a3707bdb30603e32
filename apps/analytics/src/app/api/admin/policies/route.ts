import { optionalIdParam } from "~/server/admin/lookups";
import { listPolicies } from "~/server/admin/policies";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/** `GET /api/admin/policies[?dataSourceId=]` — row policies, column policies and native grants. */
export const GET = apiHandler(async (request) => {
  await authenticateAdmin(request);
  const query = new URL(request.url).searchParams;
  return Response.json(
    await listPolicies(optionalIdParam(query, "dataSourceId", "data_source_not_found")),
  );
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
