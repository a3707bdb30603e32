import { z } from "zod";
import { apiHandler } from "~/server/http/api-handler";
import { methodsNotAllowed } from "~/server/http/methods-not-allowed";
import { readJsonBody } from "~/server/http/read-json-body";
import { authenticateAdmin } from "~/server/sessions/authenticate-request";
import { describeSecret, parseSecretName, rotateSecret } from "~/server/settings/secret-keys";

export const dynamic = "force-dynamic";

const RotateSchema = z.object({
  /** The new secret; the host must be given the same value, so the admin chooses it. */
  value: z.string().min(32, "must be at least 32 characters").max(512),
  /**
   * The old secret may have leaked: retire the old key at once (tokens signed with it are refused
   * from the next request) and, for the SSO secret, end every SSO session.
   */
  revokeSessions: z.boolean().default(false),
});

/**
 * `POST /api/admin/settings/secrets/:name` — rotate: the value becomes the current key, the old
 * current key stays valid as `previous` until retired (with `revokeSessions`, it is retired in
 * the same transaction). Answers the new kid, never a value.
 */
export const POST = apiHandler<{ name: string }>(async (request, { params }) => {
  const viewer = await authenticateAdmin(request);
  const name = parseSecretName((await params).name);
  const { value, revokeSessions } = await readJsonBody(request, RotateSchema, {
    maxBytes: 4 * 1024,
  });
  const rotated = await rotateSecret(name, value, { revokeSessions, actorUserId: viewer.user.id });
  return Response.json({ ...rotated, secret: await describeSecret(name) });
});

export const { GET, PUT, PATCH, DELETE, HEAD } = methodsNotAllowed(["POST"]);
