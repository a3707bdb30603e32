import { existsSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonResponse } from "../../json-response";
import { HOT_ROUTES } from "../hot-routes";
import { createLeanDispatcher, type LeanRoute } from "../lean-dispatcher";

const APP_DIR = fileURLToPath(new URL("../../../../app", import.meta.url));

/** What each fake handler saw, by route. */
const seen: Record<string, { url: string; params: unknown; body: string; signal: AbortSignal }> =
  {};
let release: (() => void) | undefined;

const routes: LeanRoute[] = [
  {
    pattern: "/api/things/:id/echo",
    module: {
      POST: async (request: Request, context: { params: Promise<unknown> }) => {
        seen.echo = {
          url: request.url,
          params: await context.params,
          body: await request.text(),
          signal: request.signal,
        };
        const response = jsonResponse({ ok: true, name: "Café ☕" }, { status: 201 });
        response.headers.append("set-cookie", "a=1; Path=/");
        response.headers.append("set-cookie", "b=2; Path=/");
        return response;
      },
    },
  },
  {
    pattern: "/api/things/:id/slow",
    module: {
      GET: (request: Request) => {
        seen.slow = { url: request.url, params: null, body: "", signal: request.signal };
        return new Promise<Response>((resolve) => {
          release = () => resolve(new Response(null, { status: 204 }));
        });
      },
    },
  },
];

let server: Server;
let port: number;
const handledByNext: string[] = [];

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  const lean = createLeanDispatcher(routes, { hostname: "localhost", port });
  server.on("request", (request, response) => {
    if (lean(request, response)) return;
    handledByNext.push(`${request.method} ${request.url}`);
    response.writeHead(418).end("next");
  });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function send(method: string, target: string, body?: string, headers: Record<string, string> = {}) {
  return fetch(`http://127.0.0.1:${port}${target}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
}

describe("the lean dispatcher", () => {
  it("calls the route's own handler with next start's URL, the params and the body", async () => {
    const response = await send("POST", "/api/things/7/echo?x=1", '{"a":1}', {
      "content-type": "application/json",
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true, name: "Café ☕" });
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(seen.echo?.url).toBe(`http://localhost:${port}/api/things/7/echo?x=1`);
    expect(seen.echo?.params).toEqual({ id: "7" });
    expect(seen.echo?.body).toBe('{"a":1}');
  });

  it("answers in one buffer with its length, every cookie, and next.config's headers", async () => {
    const response = await send("POST", "/api/things/7/echo", "{}");
    const text = await response.text();
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    expect(response.headers.get("transfer-encoding")).toBeNull();
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers a GET that carries a body, leaving the body out of the route's request", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        {
          host: "127.0.0.1",
          port,
          method: "GET",
          path: "/api/things/4/slow",
          headers: { "content-length": "2" },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on("error", reject);
      request.end("{}");
      // The slow route answers when released.
      setTimeout(() => release?.(), 200);
    });
    expect(status).toBe(204);
    expect(seen.slow?.url).toBe(`http://localhost:${port}/api/things/4/slow`);
  });

  it("takes the scheme from TLS or X-Forwarded-Proto, as next start does", async () => {
    await send("POST", "/api/things/1/echo", "{}", { "x-forwarded-proto": "https" });
    expect(seen.echo?.url).toBe(`https://localhost:${port}/api/things/1/echo`);
  });

  it("leaves everything unusual to Next.js, untouched", async () => {
    handledByNext.length = 0;
    const cases: Array<[string, string, string?, Record<string, string>?]> = [
      ["GET", "/api/things/7/echo"], // a method the route file does not export
      ["HEAD", "/api/things/7/slow"], // Next answers HEAD from GET
      ["POST", "/api/things/7/echo/"], // trailing slash: Next redirects
      ["POST", "/api/things//echo"], // repeated slash: Next normalizes
      ["POST", "/api/things/%41/echo"], // percent-encoding: Next decodes or refuses
      ["POST", "/api/things/7/echo/more"],
      ["POST", "/api/other"],
      ["GET", "/dashboard/1"],
      ["POST", "/api/things/7/echo", "x".repeat(300 * 1024)], // over the lean body limit
    ];
    for (const [method, target, body, headers] of cases) {
      const response = await send(method, target, body, headers);
      expect(response.status, `${method} ${target}`).toBe(418);
    }
    expect(handledByNext).toHaveLength(cases.length);
  });

  it("leaves a body of unknown length (chunked) to Next.js", async () => {
    handledByNext.length = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        { host: "127.0.0.1", port, method: "POST", path: "/api/things/7/echo" },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on("error", reject);
      request.write("{");
      request.end("}");
    });
    expect(status).toBe(418);
    expect(handledByNext).toEqual(["POST /api/things/7/echo"]);
  });

  it("aborts the route's request.signal when the client goes away", async () => {
    const controller = new AbortController();
    const pending = fetch(`http://127.0.0.1:${port}/api/things/3/slow`, {
      signal: controller.signal,
    }).catch(() => null);
    await expect.poll(() => seen.slow?.signal).toBeDefined();
    expect(seen.slow?.signal.aborted).toBe(false);
    controller.abort();
    await expect.poll(() => seen.slow?.signal.aborted).toBe(true);
    release?.();
    await pending;
  });
});

describe("the hot routes", () => {
  it("name each route file's own folder, with [param] as :param", () => {
    for (const { pattern } of HOT_ROUTES) {
      const folder = pattern.replace(/:(\w+)/g, "[$1]");
      expect(existsSync(path.join(APP_DIR, folder, "route.ts")), pattern).toBe(true);
    }
  });

  it("are each a route file's module, with at least one method handler", () => {
    for (const { pattern, module } of HOT_ROUTES) {
      const methods = ["GET", "POST"].filter((method) => typeof module[method] === "function");
      expect(methods.length, pattern).toBeGreaterThan(0);
    }
  });

  it("are unique, so no route shadows another", () => {
    const patterns = HOT_ROUTES.map((route) => route.pattern.replace(/:\w+/g, ":"));
    expect(new Set(patterns).size).toBe(patterns.length);
  });
});
