// `pnpm bench` (e2e): SSO exchanges per second and latency percentiles against the production
// build of the analytics server, on PostgreSQL and on the embedded PGlite app database.
// Prints figures; asserts nothing (targets: >= 500 exchanges/s, p99 <= 50 ms on PostgreSQL).
import { randomBytes } from "node:crypto";
import { signSsoToken } from "@embed/node";
import { removeDataDirs, startAnalyticsInstance } from "../src/support/analytics-instance";
import { type LoadRequest, runHttpLoad } from "./lib/http-load";
import { processCpuSeconds } from "./lib/process-cpu";
import { ADMIN_URL, withScratchDatabases } from "./lib/scratch-databases";

const TOTAL = Number(process.env.BENCH_SSO_EXCHANGES ?? 4000);
const WARMUP = 300;
/**
 * Runs per concurrency level; the median run (by throughput) is printed, with the range. This
 * machine shares its host, and single runs of the same build differ by a third.
 */
const TRIALS = Number(process.env.BENCH_SSO_TRIALS ?? 3);
/** Concurrent clients; each level is measured in turn (latency rises with load). */
const CONCURRENCY_LEVELS = (process.env.BENCH_SSO_CONCURRENCY ?? "4,8,16").split(",").map(Number);
const DISTINCT_USERS = 400;
const secret = randomBytes(32).toString("base64url");

async function exchangeRequests(count: number): Promise<LoadRequest[]> {
  const tokens = await Promise.all(
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
  return tokens.map((jwt) => ({
    method: "POST",
    path: "/api/session/sso",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jwt }),
  }));
}

async function benchTarget(label: string, env: Record<string, string>) {
  const server = await startAnalyticsInstance({
    EMBED_SEED_DEMO: "true",
    EMBED_JWT_SHARED_SECRET: secret,
    EMBED_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
    ...env,
  });
  try {
    await runHttpLoad(server.url, await exchangeRequests(WARMUP), { concurrency: 4 });
    for (const concurrency of CONCURRENCY_LEVELS) {
      const trials = [];
      for (let trial = 0; trial < TRIALS; trial++) {
        const requests = await exchangeRequests(TOTAL);
        const cpuBefore = processCpuSeconds(server.child.pid);
        const result = await runHttpLoad(server.url, requests, { concurrency });
        const serverCpuMs = ((processCpuSeconds(server.child.pid) - cpuBefore) * 1000) / TOTAL;
        trials.push({ ...result, serverCpuMs });
      }
      trials.sort((a, b) => a.perSecond - b.perSecond);
      const median = trials[Math.floor(trials.length / 2)] as (typeof trials)[number];
      const failures = trials.reduce((sum, trial) => sum + trial.failures, 0);
      console.log(
        `${label.padEnd(15)} ${TOTAL} exchanges, concurrency ${String(concurrency).padStart(2)}: ` +
          `${median.perSecond.toFixed(0)} exchanges/s, p50 ${median.p50.toFixed(1)} ms, p99 ${median.p99.toFixed(1)} ms, ` +
          `server CPU ${median.serverCpuMs.toFixed(2)} ms/exchange ` +
          `(median of ${TRIALS}; ${trials.map((trial) => `${trial.perSecond.toFixed(0)}/s p99 ${trial.p99.toFixed(0)} ms`).join(", ")})` +
          (failures ? `, ${failures} FAILED` : ""),
      );
    }
  } finally {
    await server.stop();
  }
}

async function main() {
  console.log("SSO exchange benchmark (POST /api/session/sso through HTTP, production build)");
  // One worker process, as by default, and two: one per core (EMBED_WORKERS, PostgreSQL only).
  for (const workers of ["1", "2"]) {
    const ran = await withScratchDatabases(({ app, warehouse }) =>
      benchTarget(workers === "1" ? "postgresql" : `pg, ${workers} workers`, {
        DATABASE_URL: app,
        WAREHOUSE_URL: warehouse,
        EMBED_WORKERS: workers,
      }),
    );
    if (!ran) console.log(`postgresql      skipped: no PostgreSQL server answers at ${ADMIN_URL}`);
  }
  await benchTarget("pglite", {});
  removeDataDirs();
}

main().catch((error) => {
  console.error(error);
  removeDataDirs();
  process.exit(1);
});
