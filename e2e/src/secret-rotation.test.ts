import { randomBytes } from "node:crypto";
import { signSsoToken } from "@embed/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDataDirs, startAnalyticsInstance } from "./support/analytics-instance";

/**
 * SSO secrets managed through the admin API (no EMBED_JWT_SHARED_SECRET): a fresh production
 * server has none, then an admin rotates keys in while hosts keep working.
 */
describe("SSO secret rotation through the admin API", () => {
  const admin = { email: "admin@rotation.test", password: randomBytes(12).toString("base64url") };
  let server: Awaited<ReturnType<typeof startAnalyticsInstance>>;
  let adminToken: string;

  const call = async (
    path: string,
    init: { method?: string; token?: string; body?: unknown } = {},
  ) => {
    const response = await fetch(`${server.url}${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: test helper reading arbitrary JSON answers
    return { status: response.status, json: (text ? JSON.parse(text) : undefined) as any, text };
  };
  const login = async (secret: string, kid?: string) => {
    const jwt = await signSsoToken(
      { email: "host-user@rotation.test", attributes: { role: "tenant", primary_id: 999 } },
      { secret, ...(kid ? { kid } : {}) },
    );
    return call("/api/session/sso", { body: { jwt } });
  };

  beforeAll(async () => {
    server = await startAnalyticsInstance({
      EMBED_SEED_DEMO: "true",
      EMBED_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
      EMBED_ADMIN_EMAIL: admin.email,
      EMBED_ADMIN_PASSWORD: admin.password,
    });
    adminToken = (await call("/api/session/password", { body: admin })).json.sessionToken;
  });
  afterAll(async () => {
    await server?.stop();
    removeDataDirs();
  });

  const oldSecret = randomBytes(32).toString("base64url");
  const newSecret = randomBytes(32).toString("base64url");

  it("refuses SSO until a secret is configured, and never uses a development secret in production", async () => {
    const { status, json } = await login("development-only-sso-secret-never-use-in-production");
    expect([status, json.error.code]).toEqual([401, "sso_not_configured"]);
    const settings = await call("/api/admin/settings", { token: adminToken });
    const sso = settings.json.secrets.find(
      (secret: { name: string }) => secret.name === "jwt_shared_secret",
    );
    expect(sso.source).toBe("none");
  });

  it("rotates keys in without an outage, then retires the old one", async () => {
    const first = await call("/api/admin/settings/secrets/jwt_shared_secret", {
      token: adminToken,
      body: { value: oldSecret },
    });
    expect(first.status).toBe(200);
    expect(first.json.kid).toBe("jwt_shared_secret-v1");
    expect(first.text).not.toContain(oldSecret);
    expect((await login(oldSecret)).status).toBe(200);

    const second = await call("/api/admin/settings/secrets/jwt_shared_secret", {
      token: adminToken,
      body: { value: newSecret },
    });
    expect(second.json.kid).toBe("jwt_shared_secret-v2");
    // Hosts not yet switched keep working (with or without naming their key)…
    expect((await login(oldSecret)).status).toBe(200);
    expect((await login(oldSecret, "jwt_shared_secret-v1")).status).toBe(200);
    // …and switched ones work too.
    expect((await login(newSecret, "jwt_shared_secret-v2")).status).toBe(200);
    // A kid selects its key: the old secret under the new kid is a forgery.
    expect((await login(oldSecret, "jwt_shared_secret-v2")).json.error.code).toBe(
      "token_signature_invalid",
    );

    expect(
      (
        await call("/api/admin/settings/secrets/jwt_shared_secret/previous", {
          method: "DELETE",
          token: adminToken,
        })
      ).status,
    ).toBe(200);
    expect((await login(oldSecret)).json.error.code).toBe("token_signature_invalid");
    expect((await login(oldSecret, "jwt_shared_secret-v1")).json.error.code).toBe(
      "token_key_unknown",
    );
    expect((await login(newSecret)).status).toBe(200);

    const settings = await call("/api/admin/settings", { token: adminToken });
    expect(settings.text).not.toContain(oldSecret);
    expect(settings.text).not.toContain(newSecret);
  });

  it("can end every SSO session when rotating (a leaked secret)", async () => {
    const session = (await login(newSecret)).json.sessionToken;
    expect((await call("/api/user/current", { token: session })).status).toBe(200);
    const rotated = await call("/api/admin/settings/secrets/jwt_shared_secret", {
      token: adminToken,
      body: { value: randomBytes(32).toString("base64url"), revokeSessions: true },
    });
    expect(rotated.json.revokedSessions).toBeGreaterThan(0);
    const after = await call("/api/user/current", { token: session });
    expect([after.status, after.json.error.code]).toEqual([401, "session_revoked"]);
    // The leaked key is retired in the same step: it cannot mint a new session either.
    expect((await login(newSecret)).json.error.code).toBe("token_signature_invalid");
    expect((await login(newSecret, "jwt_shared_secret-v2")).json.error.code).toBe(
      "token_key_unknown",
    );
    // The admin's own password session is not an SSO session and survives.
    expect((await call("/api/user/current", { token: adminToken })).status).toBe(200);
  });

  it("validates what the admin sends", async () => {
    const short = await call("/api/admin/settings/secrets/jwt_shared_secret", {
      token: adminToken,
      body: { value: "short" },
    });
    expect([short.status, short.json.error.code]).toEqual([400, "invalid_body"]);
    const unknown = await call("/api/admin/settings/secrets/nope", {
      token: adminToken,
      body: { value: "x".repeat(40) },
    });
    expect([unknown.status, unknown.json.error.code]).toEqual([404, "secret_not_found"]);
    const badSetting = await call("/api/admin/settings", {
      method: "PATCH",
      token: adminToken,
      body: { idpUrl: "not a url" },
    });
    expect([badSetting.status, badSetting.json.error.code]).toEqual([400, "invalid_body"]);
    const unknownSetting = await call("/api/admin/settings", {
      method: "PATCH",
      token: adminToken,
      body: { colour: "red" },
    });
    expect(unknownSetting.status).toBe(400);
    const ok = await call("/api/admin/settings", {
      method: "PATCH",
      token: adminToken,
      body: { idpUrl: "https://host.example/analytics/sso", sessionLengthMinutes: 90 },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.settings.idpUrl).toBe("https://host.example/analytics/sso");
    expect(ok.json.sources.idpUrl).toBe("database");
    const redirect = await fetch(`${server.url}/auth/sso?return_to=%2F`, { redirect: "manual" });
    expect(redirect.headers.get("location")).toMatch(
      /^https:\/\/host\.example\/analytics\/sso\?return_to=/,
    );
  });
});
