import { base64url, jwtVerify, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { ssoTokenId } from "~/server/sso/sso-token-id";

const secret = new TextEncoder().encode("a-shared-secret-of-at-least-thirty-two-chars");
const sign = (claims: Record<string, unknown>) =>
  new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(secret);

describe("ssoTokenId", () => {
  it("is the jti when the host sent one", async () => {
    const token = await sign({ email: "a@b.test", jti: "host-id-1" });
    expect(ssoTokenId(token, { jti: "host-id-1" })).toBe("host-id-1");
  });

  it("is a hash of the signed part otherwise: the same token, the same id", async () => {
    const token = await sign({ email: "a@b.test", exp: 1 });
    const id = ssoTokenId(token, { jti: null });
    expect(id).toMatch(/^sha256:[A-Za-z0-9_-]{43}$/);
    expect(ssoTokenId(token, { jti: null })).toBe(id);
    expect(ssoTokenId(await sign({ email: "a@b.test", exp: 2 }), { jti: null })).not.toBe(id);
  });

  it("does not change when the signature is re-encoded into another string that decodes the same", async () => {
    const token = await sign({ email: "a@b.test", exp: 1 });
    const [header, payload, signature] = token.split(".") as [string, string, string];
    // 32 bytes take 43 base64url characters; the last one's two low bits are padding.
    const last = signature.at(-1) as string;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const twin = alphabet[alphabet.indexOf(last) ^ 1] as string;
    const reencoded = `${header}.${payload}.${signature.slice(0, -1)}${twin}`;
    expect(reencoded).not.toBe(token);
    expect(base64url.decode(reencoded.split(".")[2] as string)).toEqual(
      base64url.decode(signature),
    );
    // Still a valid token: hashing the whole string would have let it be used a second time.
    await expect(jwtVerify(reencoded, secret, { currentDate: new Date(0) })).resolves.toBeDefined();
    expect(ssoTokenId(reencoded, { jti: null })).toBe(ssoTokenId(token, { jti: null }));
  });
});
