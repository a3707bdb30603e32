import { z } from "zod";
import { exportConfig, importConfig, MAX_CONFIG_BYTES } from "~/server/admin/policy-config";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";

export const dynamic = "force-dynamic";

/** `GET /api/admin/config` — policy as code: the configuration as one JSON document, no secrets. */
export const GET = apiHandler(async (request) => {
  await authenticateAdmin(request);
  return Response.json(await exportConfig(), { headers: { "cache-control": "no-store" } });
});

/**
 * `PUT /api/admin/config` body: such a document — all or nothing; the first unknown reference or
 * invalid entry → 400 `invalid_config` naming its JSON path, and nothing changes.
 */
export const PUT = apiHandler(async (request) => {
  const viewer = await authenticateAdmin(request);
  // Read as JSON only: the document's own schema reports problems as `invalid_config`.
  const document = await readJsonBody(request, z.unknown(), { maxBytes: MAX_CONFIG_BYTES });
  return Response.json(await importConfig(document, viewer.user.id));
});

export const { POST, PATCH, DELETE } = methodsNotAllowed(["GET", "PUT"]);
