import { signSsoToken } from "@embed/node";
import { base64url, importJWK, type JWTPayload, SignJWT } from "jose";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { type AdminUserView, adminToken, api, type ErrorBody, findUser } from "./support/api";

const { ssoSecret } = inject("secrets");
const idpPrivateJwk = inject("idpPrivateJwk");
const now = () => Math.floor(Date.now() / 1000);
let runId = 0;
/** A fresh email per test, so tests never see each other's users. */
const newEmail = (label: string) => `${label}-${Date.now()}-${++runId}@e2e.test`;

type Session = { sessionToken: string; expiresAt: string };
type CurrentUser = {
  email: string;
  groups: Array<{ name: string }>;
  attributes: Record<string, unknown>;
  isAdmin: boolean;
};

/** What a host backend does: @embed/node's signer with the shared secret. */
function hostToken(email: string, attributes: Record<string, string | number>) {
  return signSsoToken(
    { email, firstName: "Test", lastName: "User", attributes },
    { secret: ssoSecret },
  );
}

async function exchange(jwt: string) {
  return api<Session & ErrorBody>("/api/session/sso", { body: { jwt } });
}

async function currentUser(token: string) {
  return api<CurrentUser & ErrorBody>("/api/user/current", { token });
}

describe("SSO exchange through real HTTP", () => {
  let admin: string;
  beforeAll(async () => {
    admin = await adminToken();
  });

  it("a tenant JWT yields a user in Tenants with the JWT's attributes", async () => {
    const email = newEmail("tess");
    const { status, json } = await exchange(
      await hostToken(email, { role: "tenant", primary_id: 999 }),
    );
    expect(status).toBe(200);
    expect(json.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Date(json.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const me = await currentUser(json.sessionToken);
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({
      email,
      isAdmin: false,
      attributes: { role: "tenant", primary_id: 999 },
    });
    expect(me.json.groups.map((group) => group.name)).toEqual(["Tenants"]);
  });

  it("a customer JWT yields Customers, and a new role at the next login moves the user", async () => {
    const email = newEmail("cara");
    const first = await exchange(await hostToken(email, { role: "customer", primary_id: 1 }));
    expect(
      (await currentUser(first.json.sessionToken)).json.groups.map((group) => group.name),
    ).toEqual(["Customers"]);

    const second = await exchange(await hostToken(email, { role: "tenant", primary_id: 999 }));
    const me = await currentUser(second.json.sessionToken);
    expect(me.json.groups.map((group) => group.name)).toEqual(["Tenants"]);
    expect(me.json.attributes).toEqual({ role: "tenant", primary_id: 999 });

    // The IdP stops sending a mapped attribute: the user leaves every mapped group.
    const third = await exchange(await hostToken(email, { department: "ops" }));
    expect((await currentUser(third.json.sessionToken)).json.groups).toEqual([]);
    const user = (await findUser(email, admin)) as AdminUserView;
    expect(user.attributes).toEqual({ department: "ops" });
  });

  it("accepts RS256 tokens signed by the identity provider's JWKS key", async () => {
    const key = await importJWK(idpPrivateJwk, "RS256");
    const email = newEmail("rsa");
    const jwt = await new SignJWT({ email, role: "customer", primary_id: 4 })
      .setProtectedHeader({ alg: "RS256", kid: "idp-1" })
      .setIssuedAt()
      .setExpirationTime("2m")
      .sign(key);
    const { status, json } = await exchange(jwt);
    expect(status).toBe(200);
    expect((await currentUser(json.sessionToken)).json.groups.map((group) => group.name)).toEqual([
      "Customers",
    ]);
  });

  describe("refuses every bad token with its own code, leaving no user or session", () => {
    const sign = (claims: JWTPayload, secret = ssoSecret, alg = "HS256") =>
      new SignJWT(claims).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));
    const claims = (email: string): JWTPayload => ({
      email,
      role: "tenant",
      primary_id: 999,
      iat: now(),
      exp: now() + 120,
    });
    const encode = (value: unknown) => base64url.encode(JSON.stringify(value));

    const cases: Array<[string, (email: string) => Promise<string>, string]> = [
      [
        "alg none",
        async (email) => `${encode({ alg: "none" })}.${encode(claims(email))}.`,
        "token_algorithm_not_allowed",
      ],
      [
        "HS256 signed with the JWKS public key",
        (email) => sign(claims(email), inject("idpPublicPem")),
        "token_signature_invalid",
      ],
      [
        "a wrong secret",
        (email) => sign(claims(email), "not-the-shared-secret-but-long-enough-1234"),
        "token_signature_invalid",
      ],
      [
        "expired",
        (email) => sign({ ...claims(email), iat: now() - 500, exp: now() - 200 }),
        "token_expired",
      ],
      [
        "nbf in the future",
        (email) => sign({ ...claims(email), nbf: now() + 300 }),
        "token_not_yet_valid",
      ],
      [
        "exp too far ahead",
        (email) => sign({ ...claims(email), exp: now() + 3600 }),
        "token_lifetime_too_long",
      ],
      // Minted to be used (and, without jti, replayed) for a year.
      [
        "iat a year ahead, exp ten minutes after it",
        (email) => sign({ ...claims(email), iat: now() + 31_536_000, exp: now() + 31_536_600 }),
        "token_issued_in_future",
      ],
      [
        "missing email",
        (email) => sign({ ...claims(email), email: undefined }),
        "token_email_missing",
      ],
      [
        "an attribute that is an object",
        (email) => sign({ ...claims(email), primary_id: { $gt: 0 } }),
        "token_attribute_invalid",
      ],
      [
        "a 100 kB token",
        (email) => sign({ ...claims(email), blob: "x".repeat(100_000) }),
        "token_too_large",
      ],
      [
        "malformed base64",
        async () => "eyJhbGciOiJIUzI1NiJ9.!!!notbase64!!!.c2lnbmF0dXJl",
        "token_malformed",
      ],
      [
        "JSON that is not an object",
        async () => `${encode({ alg: "HS256" })}.${encode(["tenant", 999])}.c2ln`,
        "token_claims_not_object",
      ],
    ];

    it.each(cases)("%s", async (_name, makeToken, code) => {
      const email = newEmail("bad");
      const { status, json } = await exchange(await makeToken(email));
      expect(status).toBe(401);
      expect(json.error.code).toBe(code);
      expect(json.error.message.length).toBeGreaterThan(10);
      expect(await findUser(email, admin)).toBeUndefined();
    });

    it("a replayed jti: the second use is refused and creates no second session", async () => {
      const email = newEmail("replay");
      const jwt = await hostToken(email, { role: "customer", primary_id: 1 });
      expect((await exchange(jwt)).status).toBe(200);
      const replay = await exchange(jwt);
      expect(replay.status).toBe(401);
      expect(replay.json.error.code).toBe("token_replayed");
      expect((await findUser(email, admin))?.activeSessions).toBe(1);
    });

    it("a token without jti is single-use too, in the SDK exchange and the redirect flow", async () => {
      const sdkEmail = newEmail("nojti-sdk");
      const sdkJwt = await sign(claims(sdkEmail));
      expect((await exchange(sdkJwt)).status).toBe(200);
      const replay = await exchange(sdkJwt);
      expect([replay.status, replay.json.error.code]).toEqual([401, "token_replayed"]);
      expect((await findUser(sdkEmail, admin))?.activeSessions).toBe(1);

      const redirectJwt = await sign(claims(newEmail("nojti-redirect")));
      const viaRedirect = (jwt: string) =>
        api<ErrorBody>(`/auth/sso?jwt=${encodeURIComponent(jwt)}&return_to=%2F`);
      expect((await viaRedirect(redirectJwt)).status).toBe(302);
      const again = await viaRedirect(redirectJwt);
      expect([again.status, again.json.error.code]).toEqual([401, "token_replayed"]);
      // One id per token, whichever flow used it first.
      const crossed = await exchange(redirectJwt);
      expect(crossed.json.error.code).toBe("token_replayed");
    });

    it("audits each refusal with its reason code", async () => {
      await exchange(
        await sign(claims(newEmail("audited")), "another-wrong-secret-long-enough-12345678"),
      );
      const { json } = await api<{ events: Array<{ type: string; payload: { code?: string } }> }>(
        "/api/admin/audit?type=user.login_failed&limit=5",
        { token: admin },
      );
      expect(json.events[0]?.payload.code).toBe("token_signature_invalid");
    });
  });

  it("refuses malformed request bodies with 4xx codes", async () => {
    const notJson = await api<ErrorBody>("/api/session/sso", {
      rawBody: "{jwt:",
      headers: { "content-type": "application/json" },
    });
    expect([notJson.status, notJson.json.error.code]).toEqual([400, "invalid_body"]);
    const noJwt = await api<ErrorBody>("/api/session/sso", { body: { token: "x" } });
    expect([noJwt.status, noJwt.json.error.code]).toEqual([400, "invalid_body"]);
    const huge = await api<ErrorBody>("/api/session/sso", { body: { jwt: "x".repeat(300_000) } });
    expect([huge.status, huge.json.error.code]).toEqual([413, "body_too_large"]);
  });

  it("DELETE /api/session revokes the session on its next use", async () => {
    const { json } = await exchange(
      await hostToken(newEmail("bye"), { role: "customer", primary_id: 4 }),
    );
    expect((await api("/api/session", { method: "DELETE", token: json.sessionToken })).status).toBe(
      204,
    );
    const after = await currentUser(json.sessionToken);
    expect([after.status, after.json.error.code]).toEqual([401, "session_revoked"]);
  });

  it("deactivating a user ends their sessions and refuses their next SSO login", async () => {
    const email = newEmail("leaver");
    const { json } = await exchange(await hostToken(email, { role: "customer", primary_id: 1 }));
    const user = (await findUser(email, admin)) as AdminUserView;
    const patched = await api(`/api/admin/users/${user.id}`, {
      method: "PATCH",
      token: admin,
      body: { isActive: false },
    });
    expect(patched.status).toBe(200);

    const after = await currentUser(json.sessionToken);
    expect(after.status).toBe(401);
    expect(["session_revoked", "user_deactivated"]).toContain(after.json.error.code);
    const again = await exchange(await hostToken(email, { role: "customer", primary_id: 1 }));
    expect([again.status, again.json.error.code]).toEqual([403, "user_deactivated"]);
  });

  it("keeps sessions and admin APIs closed to the wrong people", async () => {
    expect((await currentUser("not-a-real-session-token-at-all-0000")).json.error.code).toBe(
      "session_invalid",
    );
    const missing = await api<ErrorBody>("/api/user/current");
    expect([missing.status, missing.json.error.code]).toEqual([401, "session_missing"]);
    const { json } = await exchange(
      await hostToken(newEmail("nosy"), { role: "tenant", primary_id: 999 }),
    );
    const forbidden = await api<ErrorBody>("/api/admin/users", { token: json.sessionToken });
    expect([forbidden.status, forbidden.json.error.code]).toEqual([403, "forbidden"]);
    const wrongPassword = await api<ErrorBody>("/api/session/password", {
      body: { email: inject("admin").email, password: "wrong-password" },
    });
    expect([wrongPassword.status, wrongPassword.json.error.code]).toEqual([
      401,
      "invalid_credentials",
    ]);
  });

  it("never lets a host's token sign in as a local administrator", async () => {
    const { status, json } = await exchange(
      await hostToken(inject("admin").email, { role: "tenant", primary_id: 999 }),
    );
    expect([status, json.error.code]).toEqual([403, "sso_admin_refused"]);
  });

  it("never maps an attribute to an admin-only group", async () => {
    const { json } = await api<{
      groups: Array<{ id: number; name: string; isAdminGroup: boolean }>;
    }>("/api/admin/groups", { token: admin });
    const administrators = json.groups.find((group) => group.isAdminGroup);
    expect(administrators?.name).toBe("Administrators");
    const refused = await api<ErrorBody>("/api/admin/group-mappings", {
      token: admin,
      body: { attribute: "role", value: "tenant", groupId: administrators?.id },
    });
    expect([refused.status, refused.json.error.code]).toEqual([400, "group_is_admin_only"]);
  });
});

describe("the full-app redirect flow over HTTP", () => {
  it("without a JWT, sends the browser to the identity provider with return_to", async () => {
    const { status, headers } = await api("/auth/sso?return_to=%2Fdashboard%2F1");
    expect(status).toBe(302);
    const location = new URL(headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(`${inject("hostUrl")}/analytics/sso`);
    expect(location.searchParams.get("return_to")).toBe("/dashboard/1");
  });

  it("refuses a return_to that would redirect off-site", async () => {
    for (const target of [
      "https://evil.test/",
      "//evil.test/x",
      "/\\evil.test",
      "javascript:alert(1)",
    ]) {
      const { status, json } = await api<ErrorBody>(
        `/auth/sso?return_to=${encodeURIComponent(target)}`,
      );
      expect([status, json.error.code]).toEqual([400, "return_to_not_allowed"]);
    }
  });

  it("with a JWT, sets an HttpOnly session cookie and redirects to return_to", async () => {
    const email = newEmail("iframe");
    const jwt = await hostToken(email, { role: "customer", primary_id: 1 });
    const { status, headers } = await api(`/auth/sso?jwt=${jwt}&return_to=%2F`);
    expect(status).toBe(302);
    expect(headers.get("location")).toBe("/");
    const cookie = headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^embed_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    const me = await api<CurrentUser>("/api/user/current", {
      headers: { cookie: cookie.split(";")[0] as string },
    });
    expect(me.json.email).toBe(email);
  });

  it("shows a person a readable page when the JWT is bad", async () => {
    const response = await fetch(`${inject("analyticsUrl")}/auth/sso?jwt=garbage`, {
      headers: { accept: "text/html" },
    });
    expect(response.status).toBe(401);
    const html = await response.text();
    expect(html).toContain("Sign-in to analytics failed");
    expect(html).toContain("token_malformed");
  });
});
