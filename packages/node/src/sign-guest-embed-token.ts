import { SignJWT } from "jose";

/** What a guest-embed token opens, in Metabase's payload format. */
export type GuestEmbedResource = { dashboard: number } | { question: number };

export interface GuestEmbedPayload {
  resource: GuestEmbedResource;
  /** Locked parameter values, by slug. The viewer cannot change them. */
  params?: Record<string, unknown>;
  /** Expiry as seconds since the epoch. */
  exp: number;
}

/**
 * Signs a guest-embed token (HS256) with the embedding secret, for a signed URL such as
 * `${instanceUrl}/embed/dashboard/${token}`.
 *
 * @example
 * const token = await signGuestEmbedToken(
 *   { resource: { dashboard: 1 }, params: { account_id: 4 }, exp: Math.floor(Date.now() / 1000) + 600 },
 *   process.env.EMBED_GUEST_EMBED_SECRET!,
 * );
 */
export async function signGuestEmbedToken(
  payload: GuestEmbedPayload,
  secret: string,
  options: { kid?: string } = {},
): Promise<string> {
  if (!Number.isInteger(payload.exp) || payload.exp <= Math.floor(Date.now() / 1000)) {
    throw new RangeError("exp must be a future time in whole seconds since the epoch.");
  }
  return new SignJWT({ resource: payload.resource, params: payload.params ?? {} })
    .setProtectedHeader({ alg: "HS256", typ: "JWT", ...(options.kid ? { kid: options.kid } : {}) })
    .setIssuedAt()
    .setExpirationTime(payload.exp)
    .sign(new TextEncoder().encode(secret));
}
