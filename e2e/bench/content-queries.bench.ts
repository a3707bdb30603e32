// `pnpm bench` (e2e): each demo card through the API against the same SQL run directly with pg,
// uncached and cached, on a generated warehouse of ~1 million rows and 1,000+ tenants.
// Prints figures; asserts nothing (targets: API/direct <= 1.3 uncached; cached >= 10x faster).
import { randomBytes } from "node:crypto";
import { signSsoToken } from "@embed/node";
import { generateSampleWarehouse } from "@embed/sample-data";
import pg from "pg";
import { removeDataDirs, startAnalyticsInstance } from "../src/support/analytics-instance";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://root@127.0.0.1:5432/test";
const RUNS = Number(process.env.BENCH_CONTENT_RUNS ?? 30);
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

    const server = await startAnalyticsInstance({
      DATABASE_URL: appUrl,
      WAREHOUSE_URL: warehouseUrl,
      EMBED_SEED_DEMO: "true",
      EMBED_JWT_SHARED_SECRET: secret,
      EMBED_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
      EMBED_ADMIN_EMAIL: admin.email,
      EMBED_ADMIN_PASSWORD: admin.password,
    });
    const call = async (path: string, token: string, body?: unknown, method?: string) => {
      const response = await fetch(`${server.url}${path}`, {
        method: method ?? (body === undefined ? "GET" : "POST"),
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      // biome-ignore lint/suspicious/noExplicitAny: bench reads arbitrary JSON answers
      return { status: response.status, json: (await response.json()) as any };
    };
    try {
      const adminToken = (
        await (
          await fetch(`${server.url}/api/session/password`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(admin),
          })
        ).json()
      ).sessionToken as string;
      const jwt = await signSsoToken(
        { email: "tess@bench.test", attributes: { role: "tenant", primary_id: 999 } },
        { secret },
      );
      const tenantToken = (await call("/api/session/sso", "", { jwt })).json.sessionToken as string;
      const dashboard = (await call("/api/dashboard/1", tenantToken)).json as {
        cards: Array<{ id: number; title: string }>;
      };
      const warehouse = new pg.Client({ connectionString: warehouseUrl });
      await warehouse.connect();

      const setCache = (seconds: number) =>
        call("/api/admin/settings", adminToken, { queryCacheTtlSeconds: seconds }, "PATCH");
      console.log(
        `${"card (tenant 999)".padEnd(22)}${"direct pg".padStart(11)}${"API".padStart(10)}${"ratio".padStart(8)}${"cached".padStart(10)}${"speed-up".padStart(10)}`,
      );
      for (const card of dashboard.cards) {
        const path = `/api/dashboard/1/cards/${card.id}/query`;
        const preview = await call("/api/admin/preview", adminToken, {
          attributes: { role: "tenant", primary_id: 999 },
          dashboardId: 1,
          dashcardId: card.id,
        });
        const direct: number[] = [];
        const api: number[] = [];
        const cached: number[] = [];
        await setCache(0);
        for (let i = 0; i < RUNS; i++) {
          // Interleaved, so both see the same machine load.
          let started = performance.now();
          if (preview.status === 200)
            await warehouse.query(preview.json.sql, preview.json.parameters);
          direct.push(performance.now() - started);
          started = performance.now();
          await call(path, tenantToken, { parameters: {} });
          api.push(performance.now() - started);
        }
        await setCache(600);
        await call(path, tenantToken, { parameters: {} });
        for (let i = 0; i < RUNS; i++) {
          const started = performance.now();
          await call(path, tenantToken, { parameters: {} });
          cached.push(performance.now() - started);
        }
        const [d, a, c] = [median(direct), median(api), median(cached)];
        console.log(
          `${card.title.padEnd(22)}${(preview.status === 200 ? `${d.toFixed(2)} ms` : "n/a").padStart(11)}${`${a.toFixed(2)} ms`.padStart(10)}${(preview.status === 200 ? (a / d).toFixed(2) : "n/a").padStart(8)}${`${c.toFixed(2)} ms`.padStart(10)}${`${(a / c).toFixed(1)}x`.padStart(10)}`,
        );
      }
      await warehouse.end();
    } finally {
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
