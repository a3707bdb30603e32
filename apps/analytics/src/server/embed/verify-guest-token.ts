import "server-only";
import { createSecretKey } from "node:crypto";
import { SECRET_SETTING_KEYS } from "@embed/db";
import { decodeProtectedHeader, errors, jwtVerify } from "jose";
import { z } from "zod";
import { ApiError } from "../http/api-error";
import { getSecretKeys } from "../settings/secret-keys";

/** Metabase's guest-embed payload: what the token opens and the locked parameter values. */
const GuestPayloadSchema = z.object({
  resource: z.union([
    z.object({ dashboard: z.number().int().positive() }).strict(),
    z.object({ question: z.number().int().positive() }).strict(),
  ]),
  params: z.record(z.string(), z.unknown()).default({}),
});
export type GuestPayload = z.infer<typeof GuestPayloadSchema>;

const MAX_GUEST_TOKEN_BYTES = 8 * 1024;

function invalid(message: string, cause?: unknown): never {
  throw new ApiError("guest_token_invalid", 401, message, { cause });
}

/**
 * Verifies a guest-embed token: HS256 with the embedding secret (current or previous key; `kid`
 * selects), `exp` required. An unsigned, re-signed or altered token is refused; so is an
 * expired one, with its own code.
 */
export async function verifyGuestToken(token: string): Promise<GuestPayload> {
  if (!token || Buffer.byteLength(token) > MAX_GUEST_TOKEN_BYTES)
    invalid("The embed token is missing or too large.");
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== "HS256")
      invalid("Embed tokens must be signed with HS256 and the embedding secret.");
    kid = header.kid;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    invalid("The embed token is not a JWT.", error);
  }
  const keys = (await getSecretKeys(SECRET_SETTING_KEYS.guestEmbedSecret)).filter(
    (key) => !kid || key.kid === undefined || key.kid === kid,
  );
  if (keys.length === 0)
    invalid("Guest embedding is not configured on this server (no embedding secret).");

  for (const key of keys) {
    try {
      const { payload } = await jwtVerify(token, createSecretKey(Buffer.from(key.secret, "utf8")), {
        algorithms: ["HS256"],
        requiredClaims: ["exp"],
        clockTolerance: 30,
      });
      const parsed = GuestPayloadSchema.safeParse(payload);
      if (!parsed.success)
        invalid("The embed token's payload must be { resource: { dashboard: id }, params, exp }.");
      return parsed.data;
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (error instanceof errors.JWTExpired) {
        throw new ApiError(
          "guest_token_expired",
          401,
          "This embed link has expired; reload the host page.",
          { cause: error },
        );
      }
      if (!(error instanceof errors.JWSSignatureVerificationFailed))
        invalid("The embed token is invalid.", error);
    }
  }
  return invalid("The embed token's signature does not match the embedding secret.");
}
