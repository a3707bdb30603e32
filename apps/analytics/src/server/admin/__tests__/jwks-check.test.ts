import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkJwks, MAX_JWKS_BYTES } from "../jwks-check";

const settings = vi.hoisted(() => ({ jwksUrl: null as string | null }));
vi.mock("~/server/settings/settings", () => ({ getSettings: async () => settings }));

describe("the JWKS check", () => {
  let server: Server;
  let base: string;
  const routes = new Map<string, (response: import("node:http").ServerResponse) => void>();

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
    const publicJwk = {
      ...(await exportJWK(publicKey)),
      kid: "idp-2026",
      alg: "ES256",
      use: "sig",
    };
    const json = (body: unknown) => (response: import("node:http").ServerResponse) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    routes.set("/jwks", json({ keys: [publicJwk] }));
    routes.set("/private", json({ keys: [{ ...(await exportJWK(privateKey)), kid: "oops" }] }));
    routes.set("/not-jwks", json({ hello: "world" }));
    routes.set("/no-kty", json({ keys: [{ kid: "x" }] }));
    routes.set("/html", (response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<html>sign in</html>");
    });
    routes.set("/huge", json({ keys: [], padding: "x".repeat(MAX_JWKS_BYTES) }));
    routes.set("/moved", (response) => {
      response.writeHead(302, { location: "/jwks" });
      response.end();
    });
    server = createServer((request, response) => {
      const route = routes.get(request.url ?? "");
      if (route) return route(response);
      response.writeHead(404);
      response.end("not found");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("lists the keys of a key set", async () => {
    const result = await checkJwks(`${base}/jwks`);
    expect(result.url).toBe(`${base}/jwks`);
    expect(result.keys).toEqual([
      { kid: "idp-2026", kty: "EC", alg: "ES256", use: "sig", crv: "P-256" },
    ]);
    expect(Number.isNaN(Date.parse(result.fetchedAt))).toBe(false);
  });

  it("defaults to the configured URL, and says so when there is none", async () => {
    await expect(checkJwks()).rejects.toMatchObject({ code: "jwks_url_missing", status: 400 });
    settings.jwksUrl = `${base}/jwks`;
    try {
      expect((await checkJwks()).keys.map((key) => key.kid)).toEqual(["idp-2026"]);
    } finally {
      settings.jwksUrl = null;
    }
  });

  it.each([
    ["/missing", "jwks_unreachable", "HTTP 404"],
    ["/moved", "jwks_unreachable", "redirect to /jwks"],
    ["/html", "jwks_invalid", "not JSON"],
    ["/not-jwks", "jwks_invalid", "`keys` array"],
    ["/no-kty", "jwks_invalid", "keys.0.kty"],
    ["/huge", "jwks_invalid", "larger than 256 KiB"],
    ["/private", "jwks_invalid", "private key"],
  ])("refuses %s with %s", async (path, code, reason) => {
    await expect(checkJwks(`${base}${path}`)).rejects.toMatchObject({
      code,
      status: 400,
      publicMessage: expect.stringContaining(reason),
    });
  });

  it("refuses what is not an http(s) URL, and says why a server cannot be reached", async () => {
    for (const url of ["file:///etc/passwd", "not a url", "https://user:pw@example.com/jwks"]) {
      await expect(checkJwks(url)).rejects.toMatchObject({ code: "jwks_url_invalid" });
    }
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(checkJwks(`http://127.0.0.1:${port}/jwks`)).rejects.toMatchObject({
      code: "jwks_unreachable",
      status: 400,
      publicMessage: expect.stringContaining("ECONNREFUSED"),
    });
  });
});
