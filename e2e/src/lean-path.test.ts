// The lean path (apps/analytics/server.mjs + src/server/http/lean) answers the hot routes with
// the route files' own handlers, outside Next.js's request machinery. It must change nothing a
// client can see: two servers on the same PostgreSQL databases, one with the lean path and one
// with EMBED_LEAN_PATH=off (every request through Next.js), are sent the same requests —
// ordinary, refused and hostile, as a tenant, a customer, a guest and nobody — and must give the
// same answers: status, headers and body, but for what differs by nature (date, request id,
// session tokens, timings, a page's CSP nonce) and Next.js's RSC `Vary` tokens, which mean nothing on JSON.
import { randomBytes } from "node:crypto";
import { signGuestEmbedToken, signSsoToken } from "@embed/node";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_URL,
  createScratchDatabases,
  type ScratchDatabases,
} from "../bench/lib/scratch-databases";
import { removeDataDirs, startAnalyticsInstance } from "./support/analytics-instance";
import {
  type DocumentedOperation,
  describeRequest,
  type HostileRequest,
  hostileRequest,
  readOperations,
} from "./support/hostile-requests";
import { postgresAnswers } from "./support/postgres";

const secrets = {
  sso: randomBytes(32).toString("base64url"),
  guest: randomBytes(32).toString("base64url"),
  encryption: randomBytes(32).toString("base64url"),
};
const HOST_ORIGIN = "http://localhost:3100";

/** The hot routes' documented paths (OpenAPI style), as in hot-routes.ts. */
const HOT_PATHS = [
  "/api/user/current",
  "/api/health",
  "/api/metadata",
  "/api/dataset",
  "/api/collection/{id}/items",
  "/api/dashboard/{id}",
  "/api/dashboard/{id}/cards/{dashcardId}/query",
  "/api/dashboard/{id}/cards/{dashcardId}/drill",
  "/api/dashboard/{id}/params/{slug}/values",
  "/api/card/{id}",
  "/api/card/{id}/query",
  "/api/embed/dashboard/{token}",
  "/api/embed/dashboard/{token}/cards/{dashcardId}/query",
  "/api/embed/question/{token}",
  "/api/embed/question/{token}/query",
];

const hasPostgres = await postgresAnswers(ADMIN_URL, {
  suite: "lean-path",
  skipped: "the lean/Next parity checks are skipped",
});

interface Sent {
  method: string;
  target: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What a client can see of an answer, with what differs by nature masked. */
async function observe(baseUrl: string, request: Sent) {
  const response = await fetch(`${baseUrl}${request.target}`, {
    method: request.method,
    headers: request.headers ?? {},
    body: request.body,
    redirect: "manual",
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (["date", "connection", "keep-alive", "transfer-encoding", "content-length"].includes(name))
      return;
    if (name === "x-request-id") value = "<id>";
    if (name === "server-timing") value = value.replace(/dur=[\d.]+/g, "dur=<ms>");
    if (name === "content-security-policy")
      value = value.replace(/'nonce-[^']+'/, "'nonce-<random>'");
    if (name === "vary") {
      value = value
        .split(",")
        .map((token) => token.trim())
        .filter((token) => token !== "rsc" && !token.startsWith("next-router-"))
        .join(", ");
    }
    headers[name] = value;
  });
  let body: unknown = text;
  try {
    body = JSON.parse(text, (key, value) =>
      ["requestId", "durationMs", "sessionToken", "expiresAt"].includes(key) ? `<${key}>` : value,
    );
  } catch {
    // Not JSON: compared as text.
  }
  return { status: response.status, headers, body };
}

describe.skipIf(!hasPostgres)("the lean path answers exactly as Next.js does", () => {
  let databases: ScratchDatabases;
  let lean: Awaited<ReturnType<typeof startAnalyticsInstance>>;
  let next: Awaited<ReturnType<typeof startAnalyticsInstance>>;
  let operations: DocumentedOperation[];
  const tokens: Record<string, string> = {};

  const jwtFor = (email: string, attributes: Record<string, string | number>) =>
    signSsoToken({ email, attributes }, { secret: secrets.sso });
  const guestToken = (resource: { dashboard: number } | { question: number }, params = {}) =>
    signGuestEmbedToken(
      { resource, params, exp: Math.floor(Date.now() / 1000) + 600 },
      secrets.guest,
    );

  /** Sends one request to both servers (the lean one first) and expects the same answer. */
  async function expectSameAnswer(request: Sent) {
    const fromLean = await observe(lean.url, request);
    const fromNext = await observe(next.url, request);
    expect(fromLean, `${request.method} ${request.target}`).toEqual(fromNext);
    return fromLean;
  }

  beforeAll(async () => {
    const created = await createScratchDatabases();
    if (!created) throw new Error("the parity checks need PostgreSQL (TEST_DATABASE_URL)");
    databases = created;
    const env = {
      DATABASE_URL: databases.app,
      WAREHOUSE_URL: databases.warehouse,
      EMBED_SEED_DEMO: "true",
      EMBED_JWT_SHARED_SECRET: secrets.sso,
      EMBED_GUEST_EMBED_SECRET: secrets.guest,
      EMBED_ENCRYPTION_KEY: secrets.encryption,
      EMBED_AUTHORIZED_ORIGINS: HOST_ORIGIN,
    };
    // One after the other: the second finds the migrations and the demo already in place.
    lean = await startAnalyticsInstance(env);
    next = await startAnalyticsInstance({ ...env, EMBED_LEAN_PATH: "off" });
    operations = (await readOperations(lean.url)).filter((operation) =>
      HOT_PATHS.includes(operation.path),
    );
    for (const [name, attributes] of [
      ["tenant", { role: "tenant", primary_id: 999 }],
      ["customer", { role: "customer", primary_id: 1 }],
      ["stranger", { role: "customer" }],
    ] as const) {
      const answer = await fetch(`${lean.url}/api/session/sso`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jwt: await jwtFor(`${name}@lean.test`, attributes) }),
      });
      tokens[name] = ((await answer.json()) as { sessionToken: string }).sessionToken;
    }
  });

  afterAll(async () => {
    await lean?.stop();
    await next?.stop();
    await databases?.drop();
    removeDataDirs();
  });

  it("is on in one server and off in the other, and both serve every hot route", () => {
    expect(lean.output.join("")).toContain("lean path on");
    expect(next.output.join("")).toContain("lean path off");
    expect(operations.map((operation) => operation.path).sort()).toEqual(
      expect.arrayContaining([...HOT_PATHS].sort()),
    );
  });

  it("exchanges an SSO token the same way, and refuses the same bad ones", async () => {
    const exchange = async (baseUrl: string, body: string, type = "application/json") =>
      observe(baseUrl, {
        method: "POST",
        target: "/api/session/sso",
        headers: { "content-type": type, origin: HOST_ORIGIN },
        body,
      });
    const attributes = { role: "customer", primary_id: 4 };
    const fromLean = await exchange(
      lean.url,
      JSON.stringify({ jwt: await jwtFor("dev@lean.test", attributes) }),
    );
    const fromNext = await exchange(
      next.url,
      JSON.stringify({ jwt: await jwtFor("dev@lean.test", attributes) }),
    );
    expect(fromLean.status).toBe(200);
    expect(fromLean).toEqual(fromNext);
    // The same signed token twice: the replay is refused by whichever server sees it second.
    const once = JSON.stringify({ jwt: await jwtFor("dev@lean.test", attributes) });
    expect((await exchange(lean.url, once)).status).toBe(200);
    const replayed = await exchange(next.url, once);
    expect(replayed.status).toBe(401);
    expect(await exchange(lean.url, once)).toEqual(replayed);
    for (const [body, type] of [
      ["{", "application/json"],
      ['{"jwt":42}', "application/json"],
      ['{"jwt":"a.b.c"}', "application/json"],
      ['{"jwt":"x"}', "text/plain"],
    ] as const) {
      expect(await exchange(lean.url, body, type)).toEqual(await exchange(next.url, body, type));
    }
  });

  it("answers the same to a tenant, a customer, an unmapped person and nobody", async () => {
    const dashboard = (await expectSameAnswer({
      method: "GET",
      target: "/api/dashboard/1",
      headers: { authorization: `Bearer ${tokens.customer}` },
    })) as { status: number; body: { dashcards?: Array<{ id: number }> } };
    expect(dashboard.status).toBe(200);
    const dashcardId = dashboard.body.dashcards?.[0]?.id ?? 1;
    for (const caller of ["tenant", "customer", "stranger", "nobody", "forged"]) {
      const authorization: Record<string, string> =
        caller === "nobody"
          ? {}
          : { authorization: `Bearer ${caller === "forged" ? "not-a-session" : tokens[caller]}` };
      const json = { "content-type": "application/json" };
      const requests: Sent[] = [
        { method: "GET", target: "/api/user/current" },
        { method: "GET", target: "/api/dashboard/1" },
        { method: "GET", target: "/api/dashboard/987654" },
        { method: "GET", target: "/api/dashboard/abc" },
        {
          method: "POST",
          target: `/api/dashboard/1/cards/${dashcardId}/query`,
          headers: json,
          body: "{}",
        },
        {
          method: "POST",
          target: `/api/dashboard/1/cards/${dashcardId}/query`,
          headers: json,
          body: JSON.stringify({ parameters: { account_id: 4 } }),
        },
        { method: "GET", target: "/api/card/1" },
        { method: "POST", target: "/api/card/1/query" },
        { method: "POST", target: "/api/card/3/query" },
        { method: "GET", target: "/api/metadata" },
        { method: "GET", target: "/api/collection/1/items" },
        {
          method: "POST",
          target: "/api/dataset",
          headers: json,
          body: '{"query":{"table":"orders"}}',
        },
        { method: "PUT", target: "/api/card/1/query" },
        { method: "GET", target: "/api/health" },
      ];
      for (const request of requests) {
        await expectSameAnswer({
          ...request,
          headers: { ...authorization, ...request.headers, origin: HOST_ORIGIN },
        });
      }
    }
    // CORS preflights, for the host's origin and for another.
    for (const origin of [HOST_ORIGIN, "https://evil.test"]) {
      await expectSameAnswer({
        method: "OPTIONS",
        target: "/api/card/1/query",
        headers: { origin, "access-control-request-method": "POST" },
      });
    }
  });

  it("answers guest embeds the same, locked parameters included", async () => {
    const valid = await guestToken({ dashboard: 1 }, { account_id: 4 });
    const question = await guestToken({ question: 1 });
    const foreign = await signGuestEmbedToken(
      { resource: { dashboard: 1 }, params: {}, exp: Math.floor(Date.now() / 1000) + 600 },
      randomBytes(32).toString("base64url"),
    );
    for (const token of [valid, question, foreign, "garbage"]) {
      await expectSameAnswer({ method: "GET", target: `/api/embed/dashboard/${token}` });
      await expectSameAnswer({ method: "GET", target: `/api/embed/question/${token}` });
      await expectSameAnswer({
        method: "POST",
        target: `/api/embed/dashboard/${token}/cards/1/query`,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ parameters: { account_id: 1 } }),
      });
      await expectSameAnswer({ method: "POST", target: `/api/embed/question/${token}/query` });
    }
  });

  it("answers the same to hostile requests on every hot route", async () => {
    const callers = [
      ["anonymous", undefined],
      ["customer", tokens.customer],
    ] as const;
    for (const [caller, token] of callers) {
      const samples = fc.sample(hostileRequest(operations, caller, token), {
        numRuns: 60,
        seed: 20261201,
      });
      for (const request of samples as HostileRequest[]) {
        const fromLean = await observe(lean.url, request);
        const fromNext = await observe(next.url, request);
        expect(fromLean, describeRequest(request)).toEqual(fromNext);
      }
    }
  });
});
