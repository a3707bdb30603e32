import "server-only";
import type { ErrorCode } from "@embed/contracts";
import { normalizeEmail } from "@embed/db";
import {
  base64url,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import { z } from "zod";
import { ApiError } from "../http/api-error";

/** One HS256 key. Rotation keeps the previous key next to the current one until it is retired. */
export interface SharedSecretKey {
  /**
   * Matched against the token's `kid` header; a token without `kid` tries every key, and a key
   * without `kid` is tried for every token.
   */
  kid?: string;
  secret: string;
}

export interface SsoVerificationConfig {
  /** HS256 keys, current first. Empty: HS256 tokens are refused. */
  sharedSecrets: SharedSecretKey[];
  /** RS256/ES256 keys from the configured JWKS URL. Absent: those algorithms are refused. */
  jwks?: JWTVerifyGetKey;
  issuer?: string;
  audience?: string;
  /** Tolerated clock difference between the host and us. */
  clockToleranceSeconds?: number;
  /** For tests: the time to check `exp`/`nbf` against. */
  currentDate?: Date;
}

/** What a verified SSO token says about the host's user. */
export interface SsoIdentity {
  email: string;
  firstName: string | null;
  lastName: string | null;
  /** The `groups` claim, when present (honoured only when group sync is on). */
  groups: string[] | null;
  /** Every non-standard claim: `{ role: "tenant", primary_id: 999 }`. */
  attributes: Record<string, AttributeValue>;
  /** The one-time id, when the host sent one. */
  jti: string | null;
  expiresAt: Date;
}

export const MAX_TOKEN_BYTES = 8 * 1024;
export const MAX_TOKEN_LIFETIME_SECONDS = 600;
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
const HMAC_ALGORITHMS = ["HS256"] as const;
const ASYMMETRIC_ALGORITHMS = ["RS256", "ES256"] as const;

const STANDARD_CLAIMS = new Set([
  "email",
  "first_name",
  "last_name",
  "groups",
  "exp",
  "iat",
  "nbf",
  "jti",
  "iss",
  "aud",
  "sub",
]);

const ScalarSchema = z.union([z.string(), z.number().finite(), z.boolean()]);
const AttributeValueSchema = z.union([ScalarSchema, z.array(ScalarSchema).max(1000)]);
export type AttributeValue = z.infer<typeof AttributeValueSchema>;

const IdentityClaimsSchema = z.object({
  first_name: z.string().max(200).optional(),
  last_name: z.string().max(200).optional(),
  groups: z.array(z.string().max(200)).max(200).optional(),
  jti: z.string().min(1).max(200).optional(),
});

function refuse(code: ErrorCode, message: string, cause?: unknown): never {
  throw new ApiError(code, 401, message, { cause });
}

/**
 * Verifies a host's SSO JWT and reads the identity it vouches for. Every way a token can be
 * wrong has its own error code (all 401). Replay (`jti`) is checked by the caller, which owns
 * the shared store.
 */
export async function verifySsoToken(
  token: string,
  config: SsoVerificationConfig,
): Promise<SsoIdentity> {
  if (!token) refuse("token_missing", "No SSO token was sent.");
  if (Buffer.byteLength(token) > MAX_TOKEN_BYTES) {
    refuse("token_too_large", `The SSO token is larger than ${MAX_TOKEN_BYTES} bytes.`);
  }
  // Structure first, so that garbage gets a precise code rather than a generic one from jose.
  assertClaimsAreAnObject(token);
  const header = decodeHeader(token);
  const algorithm = header.alg;

  let verified: JWTPayload;
  if (algorithm && (HMAC_ALGORITHMS as readonly string[]).includes(algorithm)) {
    verified = await verifyWithSharedSecrets(token, header.kid, config);
  } else if (algorithm && (ASYMMETRIC_ALGORITHMS as readonly string[]).includes(algorithm)) {
    if (!config.jwks) {
      refuse(
        "token_algorithm_not_allowed",
        `${algorithm} tokens need a JWKS URL, and none is configured.`,
      );
    }
    verified = await runJose(() =>
      jwtVerify(token, config.jwks as JWTVerifyGetKey, joseOptions(config, [algorithm])),
    );
  } else {
    refuse(
      "token_algorithm_not_allowed",
      `The token's algorithm "${String(algorithm)}" is not allowed; use HS256 (shared secret), RS256 or ES256 (JWKS).`,
    );
  }

  return readIdentity(verified, config);
}

function assertClaimsAreAnObject(token: string): void {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[0] || !parts[1]) {
    refuse(
      "token_malformed",
      "The SSO token is not a JWT (three base64url parts separated by dots).",
    );
  }
  let json: string;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(base64url.decode(parts[1] as string));
  } catch (error) {
    refuse(
      "token_malformed",
      "The SSO token's payload is not valid base64url-encoded UTF-8.",
      error,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    refuse("token_malformed", "The SSO token's payload is not valid JSON.", error);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    refuse("token_claims_not_object", "The SSO token's payload must be a JSON object of claims.");
  }
}

function decodeHeader(token: string) {
  try {
    return decodeProtectedHeader(token);
  } catch (error) {
    refuse("token_malformed", "The SSO token's header is not valid base64url-encoded JSON.", error);
  }
}

async function verifyWithSharedSecrets(
  token: string,
  kid: string | undefined,
  config: SsoVerificationConfig,
): Promise<JWTPayload> {
  if (config.sharedSecrets.length === 0) {
    refuse(
      "token_algorithm_not_allowed",
      "HS256 tokens are refused: no shared SSO secret is configured.",
    );
  }
  // A key without a kid (e.g. from the environment) is tried whatever kid the token names.
  const candidates = kid
    ? config.sharedSecrets.filter((key) => key.kid === undefined || key.kid === kid)
    : config.sharedSecrets;
  if (candidates.length === 0) {
    refuse("token_key_unknown", `No SSO secret has the key id "${kid}" named by the token.`);
  }
  let lastError: unknown;
  for (const key of candidates) {
    try {
      const { payload } = await jwtVerify(
        token,
        await hmacKey(key.secret),
        joseOptions(config, [...HMAC_ALGORITHMS]),
      );
      return payload;
    } catch (error) {
      // Only a bad signature sends us to the next key; an expired token stays expired.
      if (!(error instanceof errors.JWSSignatureVerificationFailed)) return mapJoseError(error);
      lastError = error;
    }
  }
  return mapJoseError(lastError);
}

// Importing a secret costs more than verifying with it, so each is imported once, straight into
// the WebCrypto key jose verifies with (a KeyObject would be re-imported on every call). A handful
// of keys live at a time.
const hmacKeys = new Map<string, Promise<CryptoKey>>();
function hmacKey(secret: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    if (hmacKeys.size > 16) hmacKeys.clear();
    key = crypto.subtle.importKey(
      "raw",
      Buffer.from(secret, "utf8"),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["verify"],
    );
    hmacKeys.set(secret, key);
  }
  return key;
}

function joseOptions(config: SsoVerificationConfig, algorithms: string[]) {
  return {
    algorithms,
    requiredClaims: ["exp"],
    clockTolerance: config.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
    ...(config.issuer ? { issuer: config.issuer } : {}),
    ...(config.audience ? { audience: config.audience } : {}),
    ...(config.currentDate ? { currentDate: config.currentDate } : {}),
  };
}

async function runJose<T extends { payload: JWTPayload }>(
  verify: () => Promise<T>,
): Promise<JWTPayload> {
  try {
    return (await verify()).payload;
  } catch (error) {
    return mapJoseError(error);
  }
}

/** jose's claim failures, by claim, as our codes. */
const CLAIM_FAILURES: Record<string, [ErrorCode, string]> = {
  nbf: ["token_not_yet_valid", "The SSO token is not valid yet (nbf is in the future)."],
  iat: ["token_not_yet_valid", "The SSO token was issued in the future (check the host's clock)."],
  iss: ["token_issuer_invalid", "The SSO token's issuer (iss) is not the configured one."],
  aud: ["token_audience_invalid", "The SSO token's audience (aud) is not the configured one."],
  exp: ["token_exp_missing", "The SSO token must have a numeric exp claim."],
};

function mapJoseError(error: unknown): never {
  if (error instanceof errors.JWTExpired)
    refuse("token_expired", "The SSO token has expired.", error);
  if (error instanceof errors.JWTClaimValidationFailed) {
    const [code, message] = CLAIM_FAILURES[error.claim] ?? [
      "token_claim_invalid",
      `The SSO token's ${error.claim} claim is invalid.`,
    ];
    refuse(code, message, error);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    refuse(
      "token_signature_invalid",
      "The SSO token's signature does not match any configured key.",
      error,
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    refuse("token_algorithm_not_allowed", "The SSO token's algorithm is not allowed.", error);
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    refuse("token_key_unknown", "No key of the configured JWKS matches the SSO token.", error);
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    throw new ApiError(
      "jwks_unavailable",
      503,
      "The identity provider's JWKS could not be fetched; try again.",
      {
        cause: error,
      },
    );
  }
  if (error instanceof errors.JOSEError) {
    refuse("token_malformed", "The SSO token could not be read as a signed JWT.", error);
  }
  throw error;
}

function readIdentity(claims: JWTPayload, config: SsoVerificationConfig): SsoIdentity {
  const now = Math.floor((config.currentDate ?? new Date()).getTime() / 1000);
  const exp = claims.exp as number;
  const issuedAt = typeof claims.iat === "number" ? claims.iat : now;
  const tolerance = config.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  // jose checks iat only with maxTokenAge; a token "issued" ahead of time is a token minted to be
  // used later, which is what exp's bound forbids.
  if (issuedAt > now + tolerance) {
    refuse(
      "token_issued_in_future",
      "The SSO token's iat lies in the future; check the host's clock and sign tokens when they are used.",
    );
  }
  if (exp - issuedAt > MAX_TOKEN_LIFETIME_SECONDS + (claims.iat === undefined ? tolerance : 0)) {
    refuse(
      "token_lifetime_too_long",
      `The SSO token lives ${exp - issuedAt} s; at most ${MAX_TOKEN_LIFETIME_SECONDS} s after iat is allowed.`,
    );
  }
  // Bounded by now as well as by iat, so no token stays usable (or replayable) for longer.
  if (exp > now + MAX_TOKEN_LIFETIME_SECONDS + tolerance) {
    refuse(
      "token_lifetime_too_long",
      `The SSO token expires ${exp - now} s from now; at most ${MAX_TOKEN_LIFETIME_SECONDS} s is allowed.`,
    );
  }

  return { ...identityFromClaims(claims), expiresAt: new Date(exp * 1000) };
}

/**
 * The identity a set of claims describes — email, names, the `groups` claim, the attributes —
 * without anything about the token that carried them (signature, expiry). The login reads a
 * verified token's claims with it, and the console's claims tester reads pasted claims with it,
 * so both accept and refuse the same claims with the same codes (401 here: a login's refusal).
 */
export function identityFromClaims(
  claims: Record<string, unknown>,
): Omit<SsoIdentity, "expiresAt"> {
  if (typeof claims.email !== "string" || claims.email.trim() === "") {
    refuse("token_email_missing", "The SSO token must carry the user's email claim.");
  }
  const email = z.email().safeParse(normalizeEmail(claims.email));
  if (!email.success)
    refuse("token_email_invalid", "The SSO token's email claim is not an email address.");

  const identity = IdentityClaimsSchema.safeParse(claims);
  if (!identity.success) {
    const claim = String(identity.error.issues[0]?.path[0] ?? "a standard claim");
    refuse("token_claim_invalid", `The SSO token's ${claim} claim has the wrong type.`);
  }

  const attributes: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (STANDARD_CLAIMS.has(name)) continue;
    const parsed = AttributeValueSchema.safeParse(value);
    if (!parsed.success) {
      refuse(
        "token_attribute_invalid",
        `The SSO token's attribute "${name}" must be a string, number, boolean or an array of those.`,
      );
    }
    attributes[name] = parsed.data;
  }

  return {
    email: email.data,
    firstName: identity.data.first_name ?? null,
    lastName: identity.data.last_name ?? null,
    groups: identity.data.groups ?? null,
    attributes,
    jti: identity.data.jti ?? null,
  };
}
