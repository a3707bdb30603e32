import {
  base64url,
  createLocalJWKSet,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWTPayload,
  SignJWT,
} from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { type SsoVerificationConfig, verifySsoToken } from "~/server/sso/verify-sso-token";

const SECRET = "current-sso-secret-of-at-least-thirty-two-chars";
const PREVIOUS_SECRET = "previous-sso-secret-of-at-least-thirty-two-chars";
const now = () => Math.floor(Date.now() / 1000);

function sign(claims: JWTPayload, secret = SECRET, header: Record<string, unknown> = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", ...header })
    .sign(new TextEncoder().encode(secret));
}

const tenantClaims = () => ({
  email: "  Ana@Acme.TEST ",
  first_name: "Ana",
  last_name: "Lima",
  role: "tenant",
  primary_id: 999,
  regions: ["eu", "us"],
  iat: now(),
  exp: now() + 300,
  jti: crypto.randomUUID(),
});

/** A token with an arbitrary header and payload, signed or not, as an attacker would craft it. */
function craft(header: object, payload: unknown, signature = "") {
  const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${encode(header)}.${encode(payload)}.${signature}`;
}

describe("verifySsoToken", () => {
  let config: SsoVerificationConfig;
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;

  beforeAll(async () => {
    rsa = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(rsa.publicKey)), kid: "rsa-1", alg: "RS256" };
    config = {
      sharedSecrets: [
        { kid: "v2", secret: SECRET },
        { kid: "v1", secret: PREVIOUS_SECRET },
      ],
      jwks: createLocalJWKSet({ keys: [jwk] }),
    };
  });

  it("reads a tenant's identity: normalised email, names, attributes, jti", async () => {
    const claims = tenantClaims();
    const identity = await verifySsoToken(await sign(claims), config);
    expect(identity).toEqual({
      email: "ana@acme.test",
      firstName: "Ana",
      lastName: "Lima",
      groups: null,
      attributes: { role: "tenant", primary_id: 999, regions: ["eu", "us"] },
      jti: claims.jti,
      expiresAt: new Date(claims.exp * 1000),
    });
  });

  it("accepts the previous secret during rotation, by kid or by trying both", async () => {
    await expect(
      verifySsoToken(await sign(tenantClaims(), PREVIOUS_SECRET, { kid: "v1" }), config),
    ).resolves.toMatchObject({
      email: "ana@acme.test",
    });
    await expect(
      verifySsoToken(await sign(tenantClaims(), PREVIOUS_SECRET), config),
    ).resolves.toMatchObject({
      email: "ana@acme.test",
    });
    // A kid selects its key: the previous secret under the current kid is a bad signature.
    await expect(
      verifySsoToken(await sign(tenantClaims(), PREVIOUS_SECRET, { kid: "v2" }), config),
    ).rejects.toMatchObject({ code: "token_signature_invalid", status: 401 });
    await expect(
      verifySsoToken(await sign(tenantClaims(), SECRET, { kid: "v0" }), config),
    ).rejects.toMatchObject({ code: "token_key_unknown" });
  });

  it("verifies RS256 tokens against the JWKS", async () => {
    const token = await new SignJWT(tenantClaims())
      .setProtectedHeader({ alg: "RS256", kid: "rsa-1" })
      .sign(rsa.privateKey);
    await expect(verifySsoToken(token, config)).resolves.toMatchObject({
      attributes: { role: "tenant" },
    });
    await expect(
      verifySsoToken(token, { sharedSecrets: config.sharedSecrets }),
    ).rejects.toMatchObject({
      code: "token_algorithm_not_allowed",
    });
  });

  describe("refuses each bad token with its own code", () => {
    const cases: Array<[string, () => Promise<string>, string]> = [
      [
        "alg none",
        async () => craft({ alg: "none", typ: "JWT" }, tenantClaims()),
        "token_algorithm_not_allowed",
      ],
      [
        "HS256 signed with the JWKS public key",
        async () => sign(tenantClaims(), await exportSPKI(rsa.publicKey)),
        "token_signature_invalid",
      ],
      [
        "a wrong secret",
        () => sign(tenantClaims(), "a-wrong-secret-that-is-long-enough-to-sign"),
        "token_signature_invalid",
      ],
      [
        "an expired token",
        () => sign({ ...tenantClaims(), iat: now() - 600, exp: now() - 120 }),
        "token_expired",
      ],
      [
        "nbf in the future",
        () => sign({ ...tenantClaims(), nbf: now() + 300 }),
        "token_not_yet_valid",
      ],
      [
        "exp more than 10 minutes after iat",
        () => sign({ ...tenantClaims(), exp: now() + 3600 }),
        "token_lifetime_too_long",
      ],
      [
        "exp far ahead without iat",
        () => sign({ email: "a@b.test", exp: now() + 3600 }),
        "token_lifetime_too_long",
      ],
      // Minted to be used later: a year ahead, with a lifetime that looks short.
      [
        "iat a year in the future",
        () =>
          sign({ ...tenantClaims(), iat: now() + 365 * 86_400, exp: now() + 365 * 86_400 + 600 }),
        "token_issued_in_future",
      ],
      [
        "iat beyond the clock tolerance",
        () => sign({ ...tenantClaims(), iat: now() + 120, exp: now() + 300 }),
        "token_issued_in_future",
      ],
      ["no exp", () => sign({ email: "a@b.test", iat: now() }), "token_exp_missing"],
      ["no email", () => sign({ ...tenantClaims(), email: undefined }), "token_email_missing"],
      [
        "an email that is not one",
        () => sign({ ...tenantClaims(), email: "not-an-email" }),
        "token_email_invalid",
      ],
      [
        "an attribute that is an object",
        () => sign({ ...tenantClaims(), primary_id: { $ne: 0 } }),
        "token_attribute_invalid",
      ],
      [
        "an attribute array holding objects",
        () => sign({ ...tenantClaims(), ids: [1, { a: 2 }] }),
        "token_attribute_invalid",
      ],
      [
        "groups that are not strings",
        () => sign({ ...tenantClaims(), groups: [1, 2] }),
        "token_claim_invalid",
      ],
      [
        "a 100 kB token",
        () => sign({ ...tenantClaims(), padding: "x".repeat(100_000) }),
        "token_too_large",
      ],
      [
        "malformed base64",
        async () => "eyJhbGciOiJIUzI1NiJ9.@@@not*base64@@@.c2ln",
        "token_malformed",
      ],
      ["two parts only", async () => "eyJhbGciOiJIUzI1NiJ9.e30", "token_malformed"],
      [
        "a payload that is not JSON",
        async () => `eyJhbGciOiJIUzI1NiJ9.${base64url.encode("{nope")}.c2ln`,
        "token_malformed",
      ],
      [
        "JSON that is not an object",
        async () => craft({ alg: "HS256" }, [1, 2, 3], "c2ln"),
        "token_claims_not_object",
      ],
      [
        "a JSON string payload",
        async () => craft({ alg: "HS256" }, "tenant", "c2ln"),
        "token_claims_not_object",
      ],
      [
        "an unknown algorithm",
        async () => craft({ alg: "HS1024" }, tenantClaims(), "c2ln"),
        "token_algorithm_not_allowed",
      ],
      ["an empty token", async () => "", "token_missing"],
    ];

    it.each(cases)("%s", async (_name, makeToken, code) => {
      await expect(verifySsoToken(await makeToken(), config)).rejects.toMatchObject({
        code,
        status: 401,
      });
    });
  });

  it("checks issuer and audience only when configured", async () => {
    const token = await sign({ ...tenantClaims(), iss: "https://host.test", aud: "analytics" });
    await expect(verifySsoToken(token, config)).resolves.toBeDefined();
    await expect(
      verifySsoToken(token, { ...config, issuer: "https://other.test" }),
    ).rejects.toMatchObject({
      code: "token_issuer_invalid",
    });
    await expect(
      verifySsoToken(token, { ...config, audience: "someone-else" }),
    ).rejects.toMatchObject({
      code: "token_audience_invalid",
    });
  });

  it("tolerates a small clock skew and no more", async () => {
    const expiredMomentsAgo = await sign({ ...tenantClaims(), iat: now() - 300, exp: now() - 10 });
    await expect(verifySsoToken(expiredMomentsAgo, config)).resolves.toBeDefined();
    await expect(
      verifySsoToken(expiredMomentsAgo, { ...config, clockToleranceSeconds: 0 }),
    ).rejects.toMatchObject({
      code: "token_expired",
    });
  });

  it("accepts iat within the clock tolerance and exp at most 10 minutes ahead", async () => {
    const slightlyAhead = await sign({ ...tenantClaims(), iat: now() + 20, exp: now() + 600 });
    await expect(verifySsoToken(slightlyAhead, config)).resolves.toBeDefined();
  });

  it("refuses HS256 when no shared secret is configured", async () => {
    await expect(
      verifySsoToken(await sign(tenantClaims()), { sharedSecrets: [] }),
    ).rejects.toMatchObject({
      code: "token_algorithm_not_allowed",
    });
  });
});
