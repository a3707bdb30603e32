import { decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { signGuestEmbedToken, signSsoToken } from "../index";

const secret = "a-test-secret-that-is-long-enough-for-hs256";
const key = new TextEncoder().encode(secret);

describe("signSsoToken", () => {
  it("signs Metabase-style claims with attributes, a jti and a short expiry", async () => {
    const jwt = await signSsoToken(
      {
        email: "ana@acme.test",
        firstName: "Ana",
        lastName: "Lima",
        attributes: { role: "tenant", primary_id: 999 },
      },
      { secret, expiresIn: 120, kid: "k1" },
    );
    const { payload, protectedHeader } = await jwtVerify(jwt, key, { algorithms: ["HS256"] });
    expect(protectedHeader).toMatchObject({ alg: "HS256", kid: "k1" });
    expect(payload).toMatchObject({
      email: "ana@acme.test",
      first_name: "Ana",
      last_name: "Lima",
      role: "tenant",
      primary_id: 999,
    });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(120);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("gives every token its own jti and omits kid unless asked", async () => {
    const [a, b] = await Promise.all([
      signSsoToken({ email: "x@y.test" }, { secret }),
      signSsoToken({ email: "x@y.test" }, { secret }),
    ]);
    expect((await jwtVerify(a, key)).payload.jti).not.toBe((await jwtVerify(b, key)).payload.jti);
    expect(decodeProtectedHeader(a).kid).toBeUndefined();
  });

  it("refuses a lifetime the server would refuse, and attributes named like standard claims", async () => {
    await expect(signSsoToken({ email: "x@y.test" }, { secret, expiresIn: 601 })).rejects.toThrow(
      RangeError,
    );
    await expect(
      signSsoToken({ email: "x@y.test", attributes: { exp: 1 } }, { secret }),
    ).rejects.toThrow(/standard claim/);
  });
});

describe("signGuestEmbedToken", () => {
  it("signs the resource, the locked params and the expiry", async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const token = await signGuestEmbedToken(
      { resource: { dashboard: 1 }, params: { account_id: 4 }, exp },
      secret,
    );
    const { payload } = await jwtVerify(token, key, { algorithms: ["HS256"] });
    expect(payload).toMatchObject({ resource: { dashboard: 1 }, params: { account_id: 4 }, exp });
  });

  it("refuses an expiry in the past", async () => {
    await expect(
      signGuestEmbedToken({ resource: { question: 2 }, exp: 1 }, secret),
    ).rejects.toThrow(RangeError);
  });
});
