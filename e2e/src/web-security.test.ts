import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { signSsoToken } from "@embed/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDataDirs, startAnalyticsInstance } from "./support/analytics-instance";

/**
 * Cookie-authenticated writes need this server's own origin, JSON routes need a JSON
 * Content-Type, the admin cookie is SameSite=Strict (and __Host- over HTTPS), and documents carry
 * a real Content-Security-Policy. Over real HTTP against a private production server, whose SSO
 * secret is managed through the admin API, so the attack (rotating it) can be read back.
 */
describe("web security: same-origin writes, JSON bodies, cookies, headers", () => {
  const admin = { email: "admin@websec.test", password: randomBytes(12).toString("base64url") };
  const ssoSecret = randomBytes(32).toString("base64url");
  let server: Awaited<ReturnType<typeof startAnalyticsInstance>>;
  let bearer: string;
  let adminCookie: string;
  let port: number;

  type Call = { method?: string; headers?: Record<string, string>; body?: string };
  const call = async (path: string, { method, headers = {}, body }: Call = {}) => {
    const response = await fetch(`${server.url}${path}`, {
      method: method ?? (body === undefined ? "GET" : "POST"),
      headers,
      body,
      redirect: "manual",
    });
    const text = await response.text();
    // biome-ignore lint/suspicious/noExplicitAny: test helper reading arbitrary JSON answers
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  };
  const json = (value: unknown) => ({
    headers: { "content-type": "application/json" },
    body: JSON.stringify(value),
  });
  const ssoSecretState = async () => {
    const { json: settings } = await call("/api/admin/settings", {
      headers: { authorization: `Bearer ${bearer}` },
    });
    return JSON.stringify(
      settings.secrets.find((secret: { name: string }) => secret.name === "jwt_shared_secret"),
    );
  };

  /** The admin's next-auth login, as the login form does it; answers its Set-Cookie lines. */
  const nextAuthLogin = async (extraHeaders: Record<string, string> = {}) => {
    const csrf = await fetch(`${server.url}/api/auth/csrf`, { headers: extraHeaders });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookies = csrf.headers
      .getSetCookie()
      .map((line) => line.split(";")[0])
      .join("; ");
    const response = await fetch(`${server.url}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: {
        ...extraHeaders,
        cookie: cookies,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ csrfToken, ...admin, json: "true" }),
    });
    return response.headers.getSetCookie();
  };

  beforeAll(async () => {
    server = await startAnalyticsInstance({
      EMBED_SEED_DEMO: "true",
      EMBED_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
      EMBED_ADMIN_EMAIL: admin.email,
      EMBED_ADMIN_PASSWORD: admin.password,
    });
    port = Number(new URL(server.url).port);
    bearer = (
      await call("/api/session/password", json({ email: admin.email, password: admin.password }))
    ).json.sessionToken;
    // Bearer requests are not cookie requests: the rotation works from any origin.
    const rotated = await call("/api/admin/settings/secrets/jwt_shared_secret", {
      method: "POST",
      ...json({ value: ssoSecret }),
      headers: {
        ...json({}).headers,
        authorization: `Bearer ${bearer}`,
        origin: "http://evil.example.com",
      },
    });
    expect(rotated.status).toBe(200);
    const setCookie = await nextAuthLogin();
    const session = setCookie.find((line) => line.startsWith("next-auth.session-token="));
    expect(session).toBeDefined();
    adminCookie = (session as string).split(";")[0] as string;
  });
  afterAll(async () => {
    await server?.stop();
    removeDataDirs();
  });

  const ATTACK_ORIGINS = () => [
    `http://evil.localhost:${port}`, // a sibling "subdomain" of localhost: same site, other origin
    `http://localhost:${port + 1}`, // another port
    "http://evil.example.com",
    "null", // sandboxed iframe, data: URL
  ];

  it("refuses a cross-origin SSO secret rotation with the admin's cookie, and nothing changes", async () => {
    const before = await ssoSecretState();
    for (const origin of ATTACK_ORIGINS()) {
      const attack = await call("/api/admin/settings/secrets/jwt_shared_secret", {
        method: "POST",
        headers: { cookie: adminCookie, origin, "content-type": "application/json" },
        body: JSON.stringify({
          value: "attacker-known-secret-".padEnd(40, "x"),
          revokeSessions: true,
        }),
      });
      expect([attack.status, attack.json?.error?.code]).toEqual([403, "cross_origin_request"]);
    }
    // No Origin, but a browser's Sec-Fetch-Site saying another site sent it.
    const fetchSite = await call("/api/admin/settings/secrets/jwt_shared_secret", {
      method: "POST",
      headers: { cookie: adminCookie, "sec-fetch-site": "same-site", ...json({}).headers },
      body: JSON.stringify({ value: "attacker-known-secret-".padEnd(40, "x") }),
    });
    expect([fetchSite.status, fetchSite.json?.error?.code]).toEqual([403, "cross_origin_request"]);
    // The old secret still signs in; nothing rotated.
    expect(await ssoSecretState()).toBe(before);
    const jwt = await signSsoToken({ email: "user@websec.test" }, { secret: ssoSecret });
    expect((await call("/api/session/sso", json({ jwt }))).status).toBe(200);
  });

  it("refuses cross-origin PUT and DELETE with the admin's cookie, and nothing changes", async () => {
    const origin = `http://evil.localhost:${port}`;
    const groups = async () =>
      JSON.stringify(
        (await call("/api/admin/groups", { headers: { authorization: `Bearer ${bearer}` } })).json,
      );
    const before = await groups();
    const created = await call("/api/admin/groups", {
      method: "POST",
      headers: { cookie: adminCookie, origin, "content-type": "application/json" },
      body: JSON.stringify({ name: "Attackers" }),
    });
    expect([created.status, created.json?.error?.code]).toEqual([403, "cross_origin_request"]);
    const retired = await call("/api/admin/settings/secrets/jwt_shared_secret/previous", {
      method: "DELETE",
      headers: { cookie: adminCookie, origin },
    });
    expect([retired.status, retired.json?.error?.code]).toEqual([403, "cross_origin_request"]);
    const permissions = await call("/api/admin/permissions", {
      method: "PUT",
      headers: { cookie: adminCookie, origin, "content-type": "application/json" },
      body: JSON.stringify({ permissions: [] }),
    });
    expect([permissions.status, permissions.json?.error?.code]).toEqual([
      403,
      "cross_origin_request",
    ]);
    // Signing out is a write too: the session still works afterwards.
    const signOut = await call("/api/session", {
      method: "DELETE",
      headers: { cookie: adminCookie, origin },
    });
    expect(signOut.status).toBe(403);
    expect(await groups()).toBe(before);
    expect((await call("/api/admin/users", { headers: { cookie: adminCookie } })).status).toBe(200);
  });

  it("accepts the same writes from this server's own origin, and from curl (no Origin)", async () => {
    const own = await call("/api/admin/groups", {
      method: "POST",
      headers: { cookie: adminCookie, origin: server.url, "content-type": "application/json" },
      body: JSON.stringify({ name: `Same origin ${Date.now()}` }),
    });
    expect([200, 201]).toContain(own.status);
    const fetchSite = await call("/api/admin/groups", {
      method: "POST",
      headers: {
        cookie: adminCookie,
        "sec-fetch-site": "same-origin",
        "content-type": "application/json",
      },
      body: JSON.stringify({ name: `Fetch site ${Date.now()}` }),
    });
    expect([200, 201]).toContain(fetchSite.status);
    const curl = await call("/api/admin/groups", {
      method: "POST",
      headers: { cookie: adminCookie, "content-type": "application/json" },
      body: JSON.stringify({ name: `Curl ${Date.now()}` }),
    });
    expect([200, 201]).toContain(curl.status);
  });

  it("takes the server's own origin from the Host the browser used, not the listening address", async () => {
    // next start builds request.url from the address it listens on (localhost:PORT), whatever
    // the Host header; fetch cannot set Host, node:http can.
    const post = (host: string, origin: string) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ name: `Host ${host} ${Date.now()}` });
        const req = httpRequest(
          {
            host: "127.0.0.1",
            port,
            method: "POST",
            path: "/api/admin/groups",
            headers: {
              host,
              origin,
              cookie: adminCookie,
              "content-type": "application/json",
              "content-length": Buffer.byteLength(body),
            },
          },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    expect(await post("analytics.example.com", "http://analytics.example.com")).toBe(201);
    expect(await post("analytics.example.com", `http://localhost:${port}`)).toBe(403);
  });

  it("applies the rule to the full app's embed_session cookie too", async () => {
    const jwt = await signSsoToken({ email: "viewer@websec.test" }, { secret: ssoSecret });
    const signedIn = await fetch(`${server.url}/auth/sso?jwt=${jwt}&return_to=%2F`, {
      redirect: "manual",
    });
    const cookie = signedIn.headers
      .getSetCookie()
      .find((line) => line.startsWith("embed_session="))
      ?.split(";")[0] as string;
    expect(cookie).toBeDefined();
    const attack = await call("/api/session", {
      method: "DELETE",
      headers: { cookie, origin: "http://evil.example.com" },
    });
    expect([attack.status, attack.json?.error?.code]).toEqual([403, "cross_origin_request"]);
    expect((await call("/api/user/current", { headers: { cookie } })).status).toBe(200);
    const own = await call("/api/session", {
      method: "DELETE",
      headers: { cookie, origin: server.url },
    });
    expect(own.status).toBe(204);
    expect((await call("/api/user/current", { headers: { cookie } })).status).toBe(401);
  });

  it("lets bearer requests through from any origin (the SDK calls cross-origin by design)", async () => {
    const jwt = await signSsoToken({ email: "sdk@websec.test" }, { secret: ssoSecret });
    const { json: session } = await call("/api/session/sso", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example.com" },
      body: JSON.stringify({ jwt }),
    });
    const revoked = await call("/api/session", {
      method: "DELETE",
      headers: {
        authorization: `Bearer ${session.sessionToken}`,
        origin: "http://evil.example.com",
      },
    });
    expect(revoked.status).toBe(204);
  });

  it("refuses a text/plain (or form, or untyped) body on a JSON route with 415, and nothing changes", async () => {
    const before = await ssoSecretState();
    for (const type of ["text/plain;charset=UTF-8", "application/x-www-form-urlencoded", null]) {
      const refused = await call("/api/admin/settings/secrets/jwt_shared_secret", {
        method: "POST",
        headers: {
          cookie: adminCookie,
          origin: server.url,
          ...(type ? { "content-type": type } : {}),
        },
        body: JSON.stringify({ value: "x".repeat(40) }),
      });
      expect([refused.status, refused.json?.error?.code]).toEqual([415, "unsupported_media_type"]);
    }
    expect(await ssoSecretState()).toBe(before);
  });

  it("sets the admin cookie SameSite=Strict, and __Host- + Secure over HTTPS", async () => {
    const plain = (await nextAuthLogin()).find((line) =>
      line.startsWith("next-auth.session-token="),
    );
    expect(plain).toMatch(/;\s*SameSite=Strict/i);
    expect(plain).toMatch(/;\s*HttpOnly/i);
    const tls = (await nextAuthLogin({ "x-forwarded-proto": "https" })).find((line) =>
      line.startsWith("__Host-next-auth.session-token="),
    );
    expect(tls).toBeDefined();
    expect(tls).toMatch(/;\s*Secure/i);
    expect(tls).toMatch(/;\s*Path=\//i);
    expect(tls).not.toMatch(/;\s*Domain=/i);
    expect(tls).toMatch(/;\s*SameSite=Strict/i);
    // And the server reads it back under that name.
    const users = await call("/api/admin/users", {
      headers: { cookie: (tls as string).split(";")[0] as string, "x-forwarded-proto": "https" },
    });
    expect(users.status).toBe(200);
  });

  it("gives documents a nonce CSP, nosniff and a Referrer-Policy; the API nosniff", async () => {
    const first = await call("/login");
    const second = await call("/login");
    const csp = first.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(second.headers.get("content-security-policy")).not.toContain(`'nonce-${nonce}'`);
    // Next.js put the nonce on its scripts: every script tag carries it.
    const scripts = first.text.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");

    const embed = await call("/embed/dashboard/not-a-token");
    expect(embed.headers.get("referrer-policy")).toBe("no-referrer");
    expect(embed.headers.get("content-security-policy")).toContain("object-src 'none'");

    for (const path of ["/api/health", "/api/no-such-route", "/api/auth/csrf"]) {
      expect((await call(path)).headers.get("x-content-type-options")).toBe("nosniff");
    }
  });
});
