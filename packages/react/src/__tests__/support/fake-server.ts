import { vi } from "vitest";

export interface FakeRequest {
  method: string;
  url: string;
  path: string;
  headers: Headers;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

type Handler = (request: FakeRequest) => Response | Promise<Response>;

export const INSTANCE = "https://analytics.test";
export const JWT_URI = "https://host.test/api/analytics/token";

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
export const apiError = (status: number, code: string, message = `${code} happened.`) =>
  json({ error: { code, message } }, status);

/**
 * A fake `fetch` routing "METHOD /path" (path without the instance origin) to handlers, and
 * recording every request. Unrouted requests answer 404 not_found, like the real API.
 */
export function createFakeServer(routes: Record<string, Handler> = {}) {
  const requests: FakeRequest[] = [];
  const table = new Map(Object.entries(routes));
  let tokenCounter = 0;
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const method = (init.method ?? "GET").toUpperCase();
    const parsed = new URL(url);
    const path = url.startsWith(INSTANCE) ? parsed.pathname : url;
    const request: FakeRequest = {
      method,
      url,
      path,
      headers: new Headers(init.headers),
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
      credentials: init.credentials,
    };
    requests.push(request);
    if (init.signal?.aborted) throw new DOMException("aborted", "AbortError");
    const handler = table.get(`${method} ${path}`);
    if (!handler) return apiError(404, "not_found", `No route ${method} ${path}`);
    return handler(request);
  });
  return {
    fetch: fetchMock,
    requests,
    route(key: string, handler: Handler) {
      table.set(key, handler);
    },
    /** Requests to a route ("METHOD /path"). */
    calls(key: string) {
      return requests.filter((request) => `${request.method} ${request.path}` === key);
    },
    /** A JWT provider and SSO exchange handing out session tokens `s1`, `s2`, … */
    withAuth(lifetimeMs = 10 * 60_000) {
      table.set(`GET ${JWT_URI}`, () => json({ jwt: "host.jwt" }));
      table.set("POST /api/session/sso", () => {
        tokenCounter += 1;
        return json({
          sessionToken: `s${tokenCounter}`,
          expiresAt: new Date(Date.now() + lifetimeMs).toISOString(),
        });
      });
      return this;
    },
  };
}

export type FakeServer = ReturnType<typeof createFakeServer>;

export const bearerOf = (request: FakeRequest) => request.headers.get("authorization");
