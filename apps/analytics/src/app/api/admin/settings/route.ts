import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";
import { describeSecret, SECRET_NAMES } from "~/server/settings/secret-keys";
import { describeSettings, SettingsPatchSchema, updateSettings } from "~/server/settings/settings";

export const dynamic = "force-dynamic";

async function settingsBody() {
  const { values, sources } = await describeSettings();
  // Secrets are described (source, versions, kids), never shown.
  const secrets = await Promise.all(SECRET_NAMES.map((name) => describeSecret(name)));
  return { settings: values, sources, secrets };
}

/** `GET /api/admin/settings` — effective settings, where each comes from, and secret metadata. */
export const GET = apiHandler(async (request) => {
  await authenticateAdmin(request);
  return Response.json(await settingsBody(), { headers: { "cache-control": "no-store" } });
});

/** `PATCH /api/admin/settings` — change settings not fixed by the environment. */
export const PATCH = apiHandler(async (request) => {
  const viewer = await authenticateAdmin(request);
  const patch = await readJsonBody(request, SettingsPatchSchema, { maxBytes: 16 * 1024 });
  await updateSettings(patch, viewer.user.id);
  return Response.json(await settingsBody());
});

export const { POST, PUT, DELETE } = methodsNotAllowed(["GET", "PATCH"]);
