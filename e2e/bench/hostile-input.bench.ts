// `pnpm bench` (e2e): the hostile-input run of `npm test` (src/hostile-input.test.ts), longer and
// with a new seed each time, against a private production build of the analytics server.
// Fails (exit 1) on a 5xx, an uncoded 4xx or an unhealthy server; prints the seed to replay.
import { randomInt } from "node:crypto";
import { removeDataDirs } from "../src/support/analytics-instance";
import { customerSession } from "../src/support/hostile-requests";
import { runHostile, startHostileTarget } from "../src/support/hostile-run";

const RUNS = Number(process.env.BENCH_HOSTILE_RUNS ?? 3000);
const seed = Number(process.env.HOSTILE_SEED ?? randomInt(2 ** 31));

async function main() {
  console.log(`hostile input: ${RUNS} requests per caller, seed ${seed}`);
  const target = await startHostileTarget();
  try {
    for (const caller of ["anonymous", "customer", "admin"] as const) {
      const started = performance.now();
      const statuses = await runHostile({
        baseUrl: target.server.url,
        operations: target.operations,
        caller,
        token: target.tokens[caller],
        runs: RUNS,
        seed,
      });
      const seconds = (performance.now() - started) / 1000;
      const counts = [...statuses]
        .sort(([a], [b]) => a - b)
        .map(([status, count]) => `${status}×${count}`)
        .join(" ");
      console.log(`  ${caller.padEnd(9)} ${(RUNS / seconds).toFixed(0)} req/s   ${counts}`);
    }
    const health = await fetch(`${target.server.url}/api/health`);
    if (health.status !== 200) throw new Error(`unhealthy afterwards: ${health.status}`);
    // A normal customer session still works after the run.
    await customerSession(target.server.url, target.ssoSecret);
    console.log("  healthy afterwards");
  } finally {
    await target.server.stop();
    removeDataDirs();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
