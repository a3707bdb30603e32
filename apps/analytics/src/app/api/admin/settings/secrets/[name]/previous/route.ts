import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";
import {
  describeSecret,
  parseSecretName,
  retirePreviousSecret,
} from "~/server/settings/secret-keys";

export const dynamic = "force-dynamic";

/** `DELETE /api/admin/settings/secrets/:name/previous` — retire the previous key. */
export const DELETE = apiHandler<{ name: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  const name = parseSecretName((await params).name);
  const result = await retirePreviousSecret(name, viewer.user.id);
  return Response.json({ ...result, secret: await describeSecret(name) });
});

export const { GET, POST, PUT, PATCH, HEAD } = methodsNotAllowed(["DELETE"]);
