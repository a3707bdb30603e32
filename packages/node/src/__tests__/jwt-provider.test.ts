import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createJwtProviderHandler,
  createSsoRedirectHandler,
  jwtProviderMiddleware,
  type SsoUser,
} from "../index";

const secret = "a-test-secret-that-is-long-enough-for-hs256";
const key = new TextEncoder().encode(secret);
const ana: SsoUser = { email: "ana@acme.test", attributes: { role: "tenant", primary_id: 999 } };
/** The host's "session": logged in when the request carries `cookie: user=ana`. */
const currentUser = (cookie: string | null | undefined) => (cookie === "user=ana" ? ana : null);

describe("createJwtProviderHandler", () => {
  const handler = createJwtProviderHandler({
    secret,
    getUser: (request) => currentUser(request.headers.get("cookie")),
  });

  it("answers { jwt } for the logged-in host user, never cached", async () => {
    const response = await handler(
      new Request("http://host.test/api/analytics/token", { headers: { cookie: "user=ana" } }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { jwt } = (await response.json()) as { jwt: string };
    expect((await jwtVerify(jwt, key)).payload).toMatchObject({
      email: "ana@acme.test",
      role: "tenant",
      primary_id: 999,
    });
  });

  it("answers 401 with the error contract when nobody is logged in", async () => {
    const response = await handler(new Request("http://host.test/api/analytics/token"));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
  });
});

describe("jwtProviderMiddleware over a real HTTP server", () => {
  const middleware = jwtProviderMiddleware<import("node:http").IncomingMessage>({
    secret,
    getUser: (request) => currentUser(request.headers.cookie),
  });
  const server = createServer((request, response) => void middleware(request, response));
  let base = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("signs for the logged-in user and refuses everyone else", async () => {
    const ok = await fetch(base, { headers: { cookie: "user=ana" } });
    expect(ok.status).toBe(200);
    const { jwt } = (await ok.json()) as { jwt: string };
    expect((await jwtVerify(jwt, key)).payload.email).toBe("ana@acme.test");
    const refused = await fetch(base);
    expect(refused.status).toBe(401);
  });
});

describe("createSsoRedirectHandler", () => {
  const handler = createSsoRedirectHandler({
    secret,
    instanceUrl: "https://analytics.test",
    loginUrl: "/login",
    getUser: (request) => currentUser(request.headers.get("cookie")),
  });

  it("sends a logged-in user back to /auth/sso with a JWT and the return_to", async () => {
    const response = await handler(
      new Request("https://host.test/analytics/sso?return_to=%2Fdashboard%2F1", {
        headers: { cookie: "user=ana" },
      }),
    );
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.origin + location.pathname).toBe("https://analytics.test/auth/sso");
    expect(location.searchParams.get("return_to")).toBe("/dashboard/1");
    const jwt = location.searchParams.get("jwt") ?? "";
    expect((await jwtVerify(jwt, key)).payload.email).toBe("ana@acme.test");
  });

  it("sends a visitor who is not logged in to the host's login, then back here", async () => {
    const response = await handler(new Request("https://host.test/analytics/sso?return_to=%2F"));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("callbackUrl")).toBe("/analytics/sso?return_to=%2F");
  });
});
