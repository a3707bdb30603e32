import { createHmac } from "node:crypto";
import { getServerSession } from "next-auth";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { GET as ssoRedirect } from "../app/analytics/sso/route";
import { GET as tokenEndpoint } from "../app/api/analytics/token/route";
import { getEnv } from "../env";

// Only next-auth's session lookup is faked (it reads the request's cookies through Next's
// request scope); the route handlers, @embed/node and the signing are the real ones.
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: vi.fn(),
}));
const session = vi.mocked(getServerSession as () => Promise<unknown>);

function logInAs(email: string | null) {
  session.mockResolvedValue(email ? { user: { email, name: "x" }, expires: "2099-01-01" } : null);
}

/** Checks the HS256 signature with the shared SSO secret and returns the claims. */
function verifiedClaims(jwt: string): Record<string, unknown> {
  const [header, payload, signature] = jwt.split(".");
  const expected = createHmac("sha256", getEnv().EMBED_JWT_SHARED_SECRET)
    .update(`${header}.${payload}`)
    .digest("base64url");
  expect(signature).toBe(expected);
  return JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8"));
}

beforeEach(() => {
  session.mockReset();
});

describe("GET /api/analytics/token", () => {
  const request = () => new Request("http://localhost:3100/api/analytics/token");

  it("answers 401 JSON, uncached, when nobody is logged in", async () => {
    logInAs(null);
    const response = await tokenEndpoint(request());
    expect(response.status).toBe(401);
    expect(response.headers.get("cache-control")).toBe("no-store");
    await expect(response.json()).resolves.toMatchObject({ error: { code: "unauthorized" } });
  });

  it("answers a signed SSO JWT carrying the logged-in user's attributes", async () => {
    logInAs("cara@acme-retail.test");
    const response = await tokenEndpoint(request());
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { jwt } = (await response.json()) as { jwt: string };
    const claims = verifiedClaims(jwt);
    expect(claims).toMatchObject({
      email: "cara@acme-retail.test",
      first_name: "Cara",
      last_name: "Castillo",
      role: "customer",
      primary_id: 1,
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBeLessThanOrEqual(600);
    expect(claims.jti).toEqual(expect.any(String));
  });

  it("answers 401 for a session whose user no longer exists", async () => {
    logInAs("gone@northwind.test");
    expect((await tokenEndpoint(request())).status).toBe(401);
  });
});

describe("GET /analytics/sso", () => {
  const request = () =>
    new Request("http://localhost:3100/analytics/sso?return_to=%2Fdashboard%2F1");

  it("sends a visitor who is not logged in to /login, to come back here afterwards", async () => {
    logInAs(null);
    const response = await ssoRedirect(request());
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.pathname).toBe("/login");
    expect(location.searchParams.get("callbackUrl")).toBe(
      "/analytics/sso?return_to=%2Fdashboard%2F1",
    );
  });

  it("sends a logged-in user on to the analytics server with a JWT and return_to", async () => {
    logInAs("tess@northwind.test");
    const response = await ssoRedirect(request());
    expect(response.status).toBe(302);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const location = new URL(response.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(
      `${getEnv().EMBED_ANALYTICS_URL}/auth/sso`,
    );
    expect(location.searchParams.get("return_to")).toBe("/dashboard/1");
    expect(verifiedClaims(location.searchParams.get("jwt") ?? "")).toMatchObject({
      email: "tess@northwind.test",
      role: "tenant",
      primary_id: 999,
    });
  });
});
