import { randomBytes } from "node:crypto";
import { signSsoToken } from "@embed/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactPath, launchBrowser } from "./browser";
import { removeDataDirs, startAnalyticsInstance } from "./support/analytics-instance";

/**
 * Abuse limits over real HTTP, on servers of their own with small limits (the shared server's
 * are lifted, so that other suites' refused logins never lock it). Both stores: the app
 * database (PGlite), and Redis with loopback trusted as a proxy, so that X-Forwarded-For can
 * stand for distinct clients there.
 */
const LIMITS = {
  EMBED_LOGIN_MAX_FAILURES: "3",
  EMBED_LOGIN_MAX_FAILURES_PER_ADDRESS: "8",
  EMBED_SSO_MAX_FAILURES_PER_ADDRESS: "5",
};
const REDIS_URL = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379/0";
const ssoSecret = randomBytes(32).toString("base64url");
// Accounts of this run only: a Redis shared with earlier runs remembers lockouts for a day.
const run = randomBytes(4).toString("hex");

type Server = Awaited<ReturnType<typeof startAnalyticsInstance>>;
interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test helper reading arbitrary JSON answers
  json: any;
}

function client(server: () => Server) {
  return async (
    path: string,
    init: { method?: string; token?: string; body?: unknown; forwardedFor?: string } = {},
  ): Promise<Answer> => {
    const response = await fetch(`${server().url}${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
        ...(init.forwardedFor ? { "x-forwarded-for": init.forwardedFor } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      json: text ? JSON.parse(text) : {},
    };
  };
}

const goodJwt = () =>
  signSsoToken(
    { email: "viewer@throttle.test", attributes: { role: "tenant", primary_id: 999 } },
    { secret: ssoSecret },
  );

function expectThrottled(answer: Answer) {
  expect(answer.status).toBe(429);
  expect(answer.json.error.code).toBe("too_many_attempts");
  expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
}

afterAll(() => removeDataDirs());

describe.each([
  { store: "app database (PGlite)", env: {} as Record<string, string> },
  // Loopback is trusted as a proxy here: X-Forwarded-For's entry stands for the client.
  { store: "Redis", env: { REDIS_URL, EMBED_TRUSTED_PROXIES: "127.0.0.1, ::1" } },
])("login throttles on the $store store", ({ store, env }) => {
  const admin = {
    email: `admin-${run}@throttle.test`,
    password: randomBytes(12).toString("base64url"),
  };
  let server: Server;
  let adminToken: string;
  let adminId: number;
  const call = client(() => server);
  const isRedis = store === "Redis";
  // On the Redis server each test speaks as its own client address.
  const from = (address: string) => (isRedis ? { forwardedFor: address } : {});

  const liftAll = async () => {
    const { json } = await call("/api/admin/login-throttles", { token: adminToken });
    for (const { key } of json.throttles as Array<{ key: string }>) {
      const lifted = await call(`/api/admin/login-throttles/${encodeURIComponent(key)}`, {
        method: "DELETE",
        token: adminToken,
      });
      expect(lifted.status).toBe(200);
    }
  };

  beforeAll(async () => {
    server = await startAnalyticsInstance({
      ...LIMITS,
      ...env,
      EMBED_JWT_SHARED_SECRET: ssoSecret,
      EMBED_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
      EMBED_ADMIN_EMAIL: admin.email,
      EMBED_ADMIN_PASSWORD: admin.password,
    });
    const login = await call("/api/session/password", { body: admin });
    expect(login.status).toBe(200);
    adminToken = login.json.sessionToken;
    const users = await call(`/api/admin/users?email=${encodeURIComponent(admin.email)}`, {
      token: adminToken,
    });
    adminId = users.json.users[0].id;
    await liftAll(); // a Redis shared with earlier runs starts clean too
  });
  afterAll(async () => {
    if (isRedis) await liftAll();
    await server?.stop();
  });

  it("locks an account after N bad passwords, even against the right one; an admin lifts it", async () => {
    const wrong = { email: admin.email, password: "not-the-password" };
    const opts = from("198.51.100.10");
    expect((await call("/api/session/password", { body: wrong, ...opts })).status).toBe(401);
    expect((await call("/api/session/password", { body: wrong, ...opts })).status).toBe(401);
    expectThrottled(await call("/api/session/password", { body: wrong, ...opts }));
    // The lockout is the account's: the right password from another address is refused too.
    const locked = await call("/api/session/password", { body: admin, ...from("198.51.100.11") });
    expectThrottled(locked);
    expect(Number(locked.headers.get("retry-after"))).toBeLessThanOrEqual(900);

    const throttles = await call("/api/admin/login-throttles", { token: adminToken });
    expect(throttles.json.throttles).toContainEqual(
      expect.objectContaining({
        scope: "password-account",
        subject: admin.email,
        lockouts: 1,
        blockedUntil: expect.any(String),
      }),
    );

    const lifted = await call(`/api/admin/users/${adminId}/lockout`, {
      method: "DELETE",
      token: adminToken,
    });
    expect(lifted.status).toBe(200);
    expect((await call("/api/session/password", { body: admin, ...opts })).status).toBe(200);
  });

  // The login form, in a browser: a lockout reads as a sentence, not as JSON.
  if (!isRedis) {
    it("the login form says the account is locked out and for how long", async () => {
      await liftAll();
      const wrong = { email: admin.email, password: "not-the-password" };
      for (let i = 0; i < 3; i++) await call("/api/session/password", { body: wrong });
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage();
        await page.goto(`${server.url}/login`);
        await page.getByLabel("Email").fill(admin.email);
        await page.getByLabel("Password").fill(admin.password);
        await page.getByRole("button", { name: "Sign in" }).click();
        const message = await page.getByTestId("login-error").textContent();
        expect(message).toMatch(
          /^Too many failed sign-in attempts\. Try again in 15 minutes, or ask another administrator to lift the lockout\.$/,
        );
        await page.screenshot({ path: artifactPath("admin-login-locked-out"), fullPage: true });
      } finally {
        await browser.close();
      }
      await liftAll();
    });
  }

  it("a successful login resets the account's count", async () => {
    await liftAll();
    const wrong = { email: admin.email, password: "not-the-password" };
    const opts = from("198.51.100.20");
    for (let round = 0; round < 3; round++) {
      expect((await call("/api/session/password", { body: wrong, ...opts })).status).toBe(401);
      expect((await call("/api/session/password", { body: wrong, ...opts })).status).toBe(401);
      expect((await call("/api/session/password", { body: admin, ...opts })).status).toBe(200);
    }
  });

  // Only without trusted proxies: through a trusted one, X-Forwarded-For is the client.
  if (!isRedis) {
    it("rotating X-Forwarded-For does not escape the per-address limit (no trusted proxy)", async () => {
      await liftAll();
      // Eight guesses at eight accounts, each claiming another client address.
      for (let guess = 1; guess <= 8; guess++) {
        const answer = await call("/api/session/password", {
          body: { email: `user${guess}-${run}@throttle.test`, password: "guess" },
          forwardedFor: `203.0.113.${guess}`,
        });
        if (guess < 8) expect(answer.status).toBe(401);
        else expectThrottled(answer);
      }
      // The address is locked: a new claimed address, and the admin's right password, too.
      expectThrottled(
        await call("/api/session/password", { body: admin, forwardedFor: "192.0.2.99" }),
      );
      // What the server counted: the connection's own (loopback) address, not a claimed one.
      const { json } = await call("/api/admin/login-throttles", { token: adminToken });
      const addresses = (json.throttles as Array<{ scope: string; subject: string }>)
        .filter((entry) => entry.scope === "password-address")
        .map((entry) => entry.subject);
      expect(addresses).toHaveLength(1);
      expect(["127.0.0.1", "::1"]).toContain(addresses[0]);
      await liftAll();
      expect((await call("/api/session/password", { body: admin })).status).toBe(200);
    });
  }

  it("refuses failed SSO exchanges from an address after the limit; good ones are unaffected", async () => {
    await liftAll();
    const attacker = isRedis ? { forwardedFor: "198.51.100.66" } : {};
    // Good exchanges are never counted.
    for (let i = 0; i < 8; i++) {
      const good = await call("/api/session/sso", { body: { jwt: await goodJwt() }, ...attacker });
      expect(good.status).toBe(200);
    }
    for (let i = 1; i <= 5; i++) {
      // On the database server the attacker also rotates X-Forwarded-For: it does not help.
      const forwardedFor = isRedis ? "198.51.100.66" : `203.0.113.${100 + i}`;
      const garbage = await call("/api/session/sso", {
        body: { jwt: `garbage.${i}.x` },
        forwardedFor,
      });
      if (i < 5) expect(garbage.status).toBe(401);
      else expectThrottled(garbage);
    }
    // The full-app flow is the same exchange, throttled the same way.
    const redirectFlow = await call(`/auth/sso?jwt=garbage&return_to=/`, attacker);
    expectThrottled(redirectFlow);
    expectThrottled(
      await call("/api/session/sso", { body: { jwt: await goodJwt() }, ...attacker }),
    );
    if (isRedis) {
      // Another client (through the trusted proxy) signs in as usual.
      const other = await call("/api/session/sso", {
        body: { jwt: await goodJwt() },
        forwardedFor: "198.51.100.67",
      });
      expect(other.status).toBe(200);
    }
    await liftAll();
    const after = await call("/api/session/sso", { body: { jwt: await goodJwt() }, ...attacker });
    expect(after.status).toBe(200);
  });

  it("a burst of bad logins adds a bounded number of audit rows", async () => {
    await liftAll();
    const refusals = async () => {
      const { json } = await call("/api/admin/audit?type=user.login_failed&limit=1000", {
        token: adminToken,
      });
      const events = json.events as Array<{ count: number }>;
      return { rows: events.length, total: events.reduce((sum, event) => sum + event.count, 0) };
    };
    const before = await refusals();
    const opts = from("198.51.100.30");
    // 30 refused logins on distinct accounts: 8 wrong passwords (the 8th locks the address
    // out), then 22 refused while it is locked.
    for (let i = 0; i < 30; i++) {
      const answer = await call("/api/session/password", {
        body: { email: `burst${i}-${run}@throttle.test`, password: "guess" },
        ...opts,
      });
      expect(answer.status).toBe(i < 7 ? 401 : 429);
    }
    const after = await refusals();
    // Every refusal is counted, in one row per (code, client, 15-minute window): two codes,
    // at most two windows.
    expect(after.total - before.total).toBe(30);
    expect(after.rows - before.rows).toBeLessThanOrEqual(4);
    await liftAll();
  });
});
