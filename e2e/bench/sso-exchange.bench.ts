// `pnpm bench` (e2e): SSO exchanges per second and latency percentiles against the production
// build of the analytics server, on PostgreSQL and on the embedded PGlite app database.
// Prints figures; asserts nothing (targets: >= 500 exchanges/s, p99 <= 50 ms on PostgreSQL).
import { randomBytes } from "node:crypto";
import { signSsoToken } from "@embed/node";
import pg from "pg";
import { removeDataDirs, startAnalyticsInstance } from "../src/support/analytics-instance";

const TOTAL = Number(process.env.BENCH_SSO_EXCHANGES ?? 4000);
const WARMUP = 300;
/** Concurrent clients; each level is measured in turn (latency rises with load). */
const CONCURRENCY_LEVELS = (process.env.BENCH_SSO_CONCURRENCY ?? "4,16").split(",").map(Number);
const DISTINCT_USERS = 400;
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://root@127.0.0.1:5432/test";
const secret = randomBytes(32).toString("base64url");

async function signTokens(count: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      signSsoToken(
        {
          email: `bench-user-${i % DISTINCT_USERS}@bench.test`,
          attributes:
            i % 2
              ? { role: "tenant", primary_id: 999 }
              : { role: "customer", primary_id: (i % 5) + 1 },
        },
        { secret, expiresIn: 600 },
      ),
    ),
  );
}

async function runExchanges(url: string, tokens: string[], concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const worker = async () => {
    while (next < tokens.length) {
      const jwt = tokens[next++] as string;
      const started = performance.now();
      const response = await fetch(`${url}/api/session/sso`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jwt }),
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - started);
      if (response.status !== 200) failures++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return {
    perSecond: tokens.length / seconds,
    p50: percentile(50),
    p99: percentile(99),
    failures,
    seconds,
  };
}

async function benchTarget(label: string, env: Record<string, string>) {
  const server = await startAnalyticsInstance({
    EMBED_SEED_DEMO: "true",
    EMBED_JWT_SHARED_SECRET: secret,
    EMBED_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
    ...env,
  });
  try {
    await runExchanges(server.url, await signTokens(WARMUP), 4);
    for (const concurrency of CONCURRENCY_LEVELS) {
      const result = await runExchanges(server.url, await signTokens(TOTAL), concurrency);
      console.log(
        `${label.padEnd(12)} ${TOTAL} exchanges, concurrency ${String(concurrency).padStart(2)}: ` +
          `${result.perSecond.toFixed(0)} exchanges/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms` +
          (result.failures ? `, ${result.failures} FAILED` : ""),
      );
    }
  } finally {
    await server.stop();
  }
}

async function withScratchDatabase(run: (url: string) => Promise<void>) {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    console.log(`postgresql   skipped: no PostgreSQL server answers at ${ADMIN_URL}`);
    return;
  }
  const name = `embed_bench_${randomBytes(4).toString("hex")}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

async function main() {
  console.log("SSO exchange benchmark (POST /api/session/sso through HTTP, production build)");
  await withScratchDatabase((url) => benchTarget("postgresql", { DATABASE_URL: url }));
  await benchTarget("pglite", {});
  removeDataDirs();
}

main().catch((error) => {
  console.error(error);
  removeDataDirs();
  process.exit(1);
});
