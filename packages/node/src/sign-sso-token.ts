import { SignJWT } from "jose";

/** A claim value the analytics server accepts as a user attribute. */
export type AttributeValue = string | number | boolean | Array<string | number | boolean>;

/** The host's user, as the analytics server should know them. */
export interface SsoUser {
  email: string;
  firstName?: string;
  lastName?: string;
  /** Group names; honoured only when the analytics server has group sync on. */
  groups?: string[];
  /** Everything else, e.g. `{ role: "tenant", primary_id: 999 }`: becomes user attributes. */
  attributes?: Record<string, AttributeValue>;
}

export interface SignSsoTokenOptions {
  /** The shared SSO secret (`EMBED_JWT_SHARED_SECRET` on the analytics server). */
  secret: string;
  /** Lifetime in seconds; the analytics server refuses more than 600. Default 60. */
  expiresIn?: number;
  /** Key id, for secret rotation: the server picks the key with this `kid`. */
  kid?: string;
}

const RESERVED_CLAIMS = new Set([
  "email",
  "first_name",
  "last_name",
  "groups",
  "exp",
  "iat",
  "nbf",
  "jti",
]);

/**
 * Signs a short-lived, one-time SSO JWT (HS256) for one of the host's users.
 *
 * @example
 * const jwt = await signSsoToken(
 *   { email: "ana@acme.test", attributes: { role: "tenant", primary_id: 999 } },
 *   { secret: process.env.EMBED_JWT_SHARED_SECRET! },
 * );
 */
export async function signSsoToken(user: SsoUser, options: SignSsoTokenOptions): Promise<string> {
  const expiresIn = options.expiresIn ?? 60;
  if (!Number.isInteger(expiresIn) || expiresIn <= 0 || expiresIn > 600) {
    throw new RangeError("expiresIn must be a whole number of seconds between 1 and 600.");
  }
  for (const name of Object.keys(user.attributes ?? {})) {
    if (RESERVED_CLAIMS.has(name)) {
      throw new TypeError(`"${name}" is a standard claim and cannot be used as an attribute name.`);
    }
  }

  const claims: Record<string, unknown> = { ...user.attributes, email: user.email };
  if (user.firstName !== undefined) claims.first_name = user.firstName;
  if (user.lastName !== undefined) claims.last_name = user.lastName;
  if (user.groups !== undefined) claims.groups = user.groups;

  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT", ...(options.kid ? { kid: options.kid } : {}) })
    .setIssuedAt()
    .setExpirationTime(`${expiresIn}s`)
    .setJti(crypto.randomUUID())
    .sign(new TextEncoder().encode(options.secret));
}
