// Two analytics servers sharing one PostgreSQL app database, as two instances (or workers) of a
// deployment do: what an admin changes through one is in force on the other's very next request.

import { randomBytes } from "node:crypto";
import { signGuestEmbedToken, signSsoToken } from "@embed/node";
import { createScratchPostgres, type ScratchPostgres } from "@embed/testing/scratch-postgres";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDataDirs, startAnalyticsInstance } from "./support/analytics-instance";

type Server = Awaited<ReturnType<typeof startAnalyticsInstance>>;

describe("settings and keys changed on one server hold on another at once", () => {
  const admin = {
    email: "admin@propagation.test",
    password: randomBytes(12).toString("base64url"),
  };
  let appDb: ScratchPostgres;
  let first: Server;
  let second: Server;
  let adminToken: string;
  const guestSecret = randomBytes(32).toString("base64url");

  const call = async (
    server: Server,
    path: string,
    init: {
      method?: string;
      token?: string;
      body?: unknown;
      headers?: Record<string, string>;
    } = {},
  ) => {
    const response = await fetch(`${server.url}${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: {
        ...init.headers,
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      redirect: "manual",
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: test helper reading arbitrary JSON answers
    const json = (text.startsWith("{") ? JSON.parse(text) : undefined) as any;
    return { status: response.status, json, headers: response.headers };
  };
  const signIn = async (server: Server, secret: string) => {
    const jwt = await signSsoToken(
      { email: "host-user@propagation.test", attributes: { role: "tenant", primary_id: 999 } },
      { secret },
    );
    return call(server, "/api/session/sso", { body: { jwt } });
  };
  const rotate = (value: string, revokeSessions = false) =>
    call(first, "/api/admin/settings/secrets/jwt_shared_secret", {
      token: adminToken,
      body: { value, revokeSessions },
    });

  beforeAll(async () => {
    appDb = await createScratchPostgres("e2e-propagation-app");
    // No EMBED_JWT_SHARED_SECRET: the SSO keys are the admin API's, stored in the shared database.
    const env = {
      DATABASE_URL: appDb.url,
      EMBED_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
      EMBED_ADMIN_EMAIL: admin.email,
      EMBED_ADMIN_PASSWORD: admin.password,
      EMBED_GUEST_EMBED_SECRET: guestSecret,
    };
    first = await startAnalyticsInstance(env);
    second = await startAnalyticsInstance(env);
    adminToken = (await call(first, "/api/session/password", { body: admin })).json.sessionToken;
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await appDb?.teardown();
    removeDataDirs();
  });

  const leaked = randomBytes(32).toString("base64url");
  const fresh = randomBytes(32).toString("base64url");

  it("a key rotated in on one server signs in on the other at once", async () => {
    // The second server has just looked, and found no key.
    expect((await signIn(second, leaked)).json.error.code).toBe("sso_not_configured");
    expect((await rotate(leaked)).status).toBe(200);
    expect((await signIn(second, leaked)).status).toBe(200);
  });

  it("a leaked key rotated out with revokeSessions is refused by the other server at once", async () => {
    const session = (await signIn(second, leaked)).json.sessionToken;
    const rotated = await rotate(fresh, true);
    expect(rotated.status).toBe(200);
    expect(rotated.json.secret.versions.map((v: { status: string }) => v.status)).toEqual([
      "current",
      "retired",
    ]);
    const minted = await signIn(second, leaked);
    expect([minted.status, minted.json.error.code]).toEqual([401, "token_signature_invalid"]);
    const after = await call(second, "/api/user/current", { token: session });
    expect([after.status, after.json.error.code]).toEqual([401, "session_revoked"]);
    expect((await signIn(second, fresh)).status).toBe(200);
  });

  it("a changed identity-provider URL and authorized origin hold on the other server's next request", async () => {
    const idp = async () =>
      (await call(second, "/auth/sso?return_to=%2F")).headers.get("location") ?? "";
    const preflight = async (origin: string) =>
      (
        await call(second, "/api/session/sso", {
          method: "OPTIONS",
          headers: { origin, "access-control-request-method": "POST" },
        })
      ).headers.get("access-control-allow-origin");
    expect(await idp()).not.toMatch(/^https:\/\/idp\.propagation\.test\//);
    expect(await preflight("https://new-host.propagation.test")).toBeNull();

    const patched = await call(first, "/api/admin/settings", {
      method: "PATCH",
      token: adminToken,
      body: {
        idpUrl: "https://idp.propagation.test/sso",
        authorizedOrigins: ["https://new-host.propagation.test"],
      },
    });
    expect(patched.status).toBe(200);

    expect(await idp()).toMatch(/^https:\/\/idp\.propagation\.test\/sso\?return_to=/);
    expect(await preflight("https://new-host.propagation.test")).toBe(
      "https://new-host.propagation.test",
    );
  });

  it("a token without jti exchanged on one server is refused as a replay on the other", async () => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({ email: "no-jti@propagation.test", iat: now, exp: now + 120 })
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode(fresh));
    expect((await call(first, "/api/session/sso", { body: { jwt } })).status).toBe(200);
    const replay = await call(second, "/api/session/sso", { body: { jwt } });
    expect([replay.status, replay.json.error.code]).toEqual([401, "token_replayed"]);
  });

  it("a dashboard's guest embedding turned off on one server refuses its guest token on the other at once", async () => {
    const created = await call(first, "/api/admin/dashboards", {
      token: adminToken,
      body: { name: "Propagated guest switch", guestEmbeddingEnabled: true },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as number;
    const token = await signGuestEmbedToken(
      { resource: { dashboard: id }, exp: Math.floor(Date.now() / 1000) + 600 },
      guestSecret,
    );
    // On: past the switch on the second server (whose definition cache now holds it), to the
    // dashboard's own answer: it has no cards a guest could see.
    const open = await call(second, `/api/embed/dashboard/${token}`);
    expect([open.status, open.json.error.code]).toEqual([404, "dashboard_not_found"]);
    const off = await call(first, `/api/admin/dashboards/${id}`, {
      method: "PATCH",
      token: adminToken,
      body: { guestEmbeddingEnabled: false },
    });
    expect(off.status).toBe(200);
    const refused = await call(second, `/api/embed/dashboard/${token}`);
    expect([refused.status, refused.json.error.code]).toEqual([403, "guest_embedding_disabled"]);
  });
});
