// `pnpm bench` (e2e): each demo card through the API against the same SQL run directly with pg,
// uncached and cached, on a generated warehouse of ~1 million rows and 1,000+ tenants — for the
// administrator (the whole warehouse) and for the tenant-999 user (a sandbox of three accounts).
// Prints figures; asserts nothing (targets: API/direct <= 1.3 uncached; cached >= 10x faster).

import { randomBytes } from "node:crypto";
import http from "node:http";
import { signSsoToken } from "@embed/node";
import { generateSampleWarehouse } from "@embed/sample-data";
import pg from "pg";
import { removeDataDirs, startAnalyticsInstance } from "../src/support/analytics-instance";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://root@127.0.0.1:5432/test";
const RUNS = Number(process.env.BENCH_CONTENT_RUNS ?? 15);
const secret = randomBytes(32).toString("base64url");
const admin = { email: "admin@bench.test", password: randomBytes(12).toString("base64url") };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function scratchDatabase(client: pg.Client, label: string): Promise<string> {
  const name = `embed_bench_${label}_${randomBytes(3).toString("hex")}`;
  await client.query(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

// One kept-alive connection without Nagle's delay, and node:http: a client that costs the two
// shared cores as little as possible (fetch costs ~0.8 ms of CPU per request here), like the
// direct pg client it is compared with.
const agent = new http.Agent({
  keepAlive: true,
  maxSockets: 1,
  noDelay: true,
} as http.AgentOptions);

function request(
  baseUrl: string,
  path: string,
  options: { token?: string; method?: string; body?: unknown } = {},
): Promise<{ status: number; json: unknown; headers: http.IncomingHttpHeaders }> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      `${baseUrl}${path}`,
      {
        agent,
        method: options.method ?? (body === undefined ? "GET" : "POST"),
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: response.statusCode ?? 0,
            json: text ? JSON.parse(text) : null,
            headers: response.headers,
          });
        });
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

interface Identity {
  label: string;
  token: string;
  /** Who the admin's "view as" previews, to get the exact SQL the API runs for them. */
  preview: { userId: number } | { attributes: Record<string, unknown> };
}

async function main() {
  const adminClient = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await adminClient.connect();
  } catch {
    console.log(`content queries: skipped, no PostgreSQL server answers at ${ADMIN_URL}`);
    return;
  }
  const created: string[] = [];
  try {
    const warehouseUrl = await scratchDatabase(adminClient, "wh");
    const appUrl = await scratchDatabase(adminClient, "app");
    created.push(new URL(warehouseUrl).pathname.slice(1), new URL(appUrl).pathname.slice(1));
    const generated = await generateSampleWarehouse(
      { databaseUrl: warehouseUrl },
      { tenants: 1000, accountsPerTenant: 5, rowsPerAccount: 200 },
    );
    console.log(`warehouse: ${generated.totalRows.toLocaleString("en")} rows, 1,002 tenants`);
    // Freshly loaded tables: settle statistics and visibility now, rather than have autovacuum
    // take a core in the middle of the measurements.
    const settle = new pg.Client({ connectionString: warehouseUrl });
    await settle.connect();
    await settle.query("VACUUM ANALYZE");
    await settle.end();

    const server = await startAnalyticsInstance({
      DATABASE_URL: appUrl,
      WAREHOUSE_URL: warehouseUrl,
      EMBED_SEED_DEMO: "true",
      EMBED_JWT_SHARED_SECRET: secret,
      EMBED_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
      EMBED_ADMIN_EMAIL: admin.email,
      EMBED_ADMIN_PASSWORD: admin.password,
    });
    const call = (path: string, options: Parameters<typeof request>[2] = {}) =>
      request(server.url, path, options) as Promise<{
        status: number;
        // biome-ignore lint/suspicious/noExplicitAny: bench reads arbitrary JSON answers
        json: any;
        headers: http.IncomingHttpHeaders;
      }>;
    const warehouse = new pg.Client({ connectionString: warehouseUrl });
    try {
      await warehouse.connect();
      const adminToken = (await call("/api/session/password", { body: admin })).json
        .sessionToken as string;
      const adminUser = (await call("/api/user/current", { token: adminToken })).json;
      const tenantAttributes = { role: "tenant", primary_id: 999 };
      const jwt = await signSsoToken(
        { email: "tess@bench.test", attributes: tenantAttributes },
        { secret },
      );
      const tenantToken = (await call("/api/session/sso", { body: { jwt } })).json
        .sessionToken as string;
      const identities: Identity[] = [
        { label: "admin (all tenants)", token: adminToken, preview: { userId: adminUser.id } },
        { label: "tenant 999", token: tenantToken, preview: { attributes: tenantAttributes } },
      ];
      const setCache = (seconds: number) =>
        call("/api/admin/settings", {
          token: adminToken,
          method: "PATCH",
          body: { queryCacheTtlSeconds: seconds },
        });

      for (const identity of identities) {
        const dashboard = (await call("/api/dashboard/1", { token: identity.token })).json as {
          cards: Array<{ id: number; title: string }>;
        };
        console.log(
          `\n${`card (${identity.label})`.padEnd(28)}${"direct pg".padStart(11)}${"in server".padStart(11)}${"API".padStart(11)}${"ratio".padStart(8)}${"cached".padStart(10)}${"speed-up".padStart(10)}`,
        );
        for (const card of dashboard.cards) {
          const path = `/api/dashboard/1/cards/${card.id}/query`;
          const body = { parameters: {} };
          const preview = await call("/api/admin/preview", {
            token: adminToken,
            body: { ...identity.preview, dashboardId: 1, dashcardId: card.id },
          });
          if (preview.status !== 200) throw new Error(`preview failed: ${preview.status}`);
          const direct: number[] = [];
          const api: number[] = [];
          /** The query's time inside the server (its Server-Timing header): driver and database. */
          const inServer: number[] = [];
          const cached: number[] = [];
          await setCache(0);
          for (let i = 0; i < RUNS; i++) {
            // Interleaved, so both see the same machine load.
            let started = performance.now();
            await warehouse.query(preview.json.sql, preview.json.parameters);
            direct.push(performance.now() - started);
            started = performance.now();
            const answer = await call(path, { token: identity.token, body });
            api.push(performance.now() - started);
            if (answer.headers["x-embed-cache"] !== "miss")
              throw new Error("expected a cache miss");
            const timing = /dur=([0-9.]+)/.exec(String(answer.headers["server-timing"]));
            inServer.push(Number(timing?.[1]));
          }
          await setCache(600);
          await call(path, { token: identity.token, body });
          for (let i = 0; i < RUNS; i++) {
            const started = performance.now();
            const answer = await call(path, { token: identity.token, body });
            cached.push(performance.now() - started);
            if (answer.headers["x-embed-cache"] !== "hit") throw new Error("expected a cache hit");
          }
          const [d, s, a, c] = [median(direct), median(inServer), median(api), median(cached)];
          console.log(
            `${card.title.padEnd(28)}${`${d.toFixed(2)} ms`.padStart(11)}${`${s.toFixed(2)} ms`.padStart(11)}${`${a.toFixed(2)} ms`.padStart(11)}${(a / d).toFixed(2).padStart(8)}${`${c.toFixed(2)} ms`.padStart(10)}${`${(a / c).toFixed(1)}x`.padStart(10)}`,
          );
        }
      }
      console.log(
        "\n'in server': the query's own time inside the API (driver and database, Server-Timing). The API adds a fixed cost per request (HTTP, Next.js routing, the session's one app-database round trip): about the 'cached' column.",
      );
    } finally {
      await warehouse.end();
      agent.destroy();
      await server.stop();
    }
  } finally {
    for (const name of created)
      await adminClient.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await adminClient.end();
    removeDataDirs();
  }
}

main().catch((error) => {
  console.error(error);
  removeDataDirs();
  process.exit(1);
});
