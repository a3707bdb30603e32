// `pnpm bench` (e2e): our server against the floor (lib/floor-server.ts, a minimal node:http + pg +
// jose server doing the same essential work) on the same PostgreSQL app database and ~1M-row
// warehouse: the SSO exchange, and a card query uncached and cached for a tenant and a customer.
// Ours runs twice, on the same databases: as shipped (the lean path) and with EMBED_LEAN_PATH=off
// (every request through Next.js's request machinery). The three take turns (lean, Next, floor,
// lean …) so all see the same machine load; the median trial of each (by throughput) is printed,
// with the ratios and, beside them, the ratio issue #12 recorded before the lean path. Asserts nothing (issue
// #12's targets: SSO >= 0.8x the floor, card queries >= 0.7x uncached and >= 0.8x cached, p99 <=
// 1.5x the floor's).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { signSsoToken } from "@embed/node";
import pg from "pg";
import { removeDataDirs, startAnalyticsInstance } from "../src/support/analytics-instance";
import type { FloorOptions } from "./lib/floor-server";
import { type LoadRequest, type LoadResult, runHttpLoad } from "./lib/http-load";
import { processCpuSeconds } from "./lib/process-cpu";
import { withScratchDatabases } from "./lib/scratch-databases";

/** Requests per trial and route. */
const REQUESTS = Number(process.env.BENCH_FLOOR_REQUESTS ?? 1500);
const TRIALS = Number(process.env.BENCH_FLOOR_TRIALS ?? 3);
const SSO_CONCURRENCY = (process.env.BENCH_FLOOR_SSO_CONCURRENCY ?? "8,32").split(",").map(Number);
const CARD_CONCURRENCY = (process.env.BENCH_FLOOR_CARD_CONCURRENCY ?? "8,64")
  .split(",")
  .map(Number);
/** The demo card measured: a monthly count over the viewer's orders. */
const CARD_NAME = process.env.BENCH_FLOOR_CARD ?? "Orders per month";
/** Tenants in the generated warehouse (5 accounts of 200 rows each): 1,000 make ~1M rows. */
const TENANTS = Number(process.env.BENCH_FLOOR_TENANTS ?? 1000);
const WARMUP = 200;
/** Worker processes of ours (EMBED_WORKERS), both ways in; the floor is always one process. */
const WORKERS = process.env.BENCH_FLOOR_WORKERS ?? "1";
/**
 * Sessions per identity, used in turn: ours allows a session 8 heavy queries at once (429
 * beyond), and an embedding host has many viewers, not one viewer at 64 connections.
 */
const SESSIONS_PER_IDENTITY = 64;
/** Ours ÷ floor throughput as issue #12 recorded it before the lean path, by route and c. */
const RATIO_BEFORE: Record<string, string> = {
  "SSO exchange c=32": "0.31",
  "card query, uncached c=64": "0.21",
  "card query, cached c=64": "0.21-0.24",
};

const secret = randomBytes(32).toString("base64url");
const admin = { email: "admin@bench.test", password: randomBytes(12).toString("base64url") };
const FLOOR_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), "lib/floor-server.ts");

interface Target {
  url: string;
  pid: number | undefined;
}

interface Trial extends LoadResult {
  serverCpuMs: number;
}

/** The floor in a process of its own (tsx), so its CPU is measured apart from the load's. */
async function startFloorProcess(options: FloorOptions): Promise<Target & { child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", FLOOR_ENTRY], {
    env: { ...process.env, FLOOR_OPTIONS: JSON.stringify(options) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /floor listening on (\S+)/.exec(output);
      if (match) resolve(match[1] as string);
    });
    child.on("exit", (code) => reject(new Error(`the floor exited (${code}) before listening`)));
  });
  return { url, pid: child.pid, child };
}

async function callJson(
  url: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, json: await response.json().catch(() => null) };
}

async function exchangeRequests(count: number): Promise<LoadRequest[]> {
  const tokens = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      signSsoToken(
        {
          email: `bench-user-${i % 400}@bench.test`,
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

function cardRequests(cardId: number, tokens: string[], count: number): LoadRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    method: "POST",
    path: `/api/card/${cardId}/query`,
    headers: { authorization: `Bearer ${tokens[i % tokens.length]}` },
  }));
}

async function measure(
  target: Target,
  requests: LoadRequest[],
  concurrency: number,
): Promise<Trial> {
  const cpuBefore = processCpuSeconds(target.pid);
  const result = await runHttpLoad(target.url, requests, { concurrency });
  const serverCpuMs = ((processCpuSeconds(target.pid) - cpuBefore) * 1000) / result.requests;
  return { ...result, serverCpuMs };
}

function medianTrial(trials: Trial[]): Trial {
  const sorted = [...trials].sort((a, b) => a.perSecond - b.perSecond);
  return sorted[Math.floor(sorted.length / 2)] as Trial;
}

interface Row {
  route: string;
  concurrency: number;
  ours: Trial[];
  viaNext: Trial[];
  floor: Trial[];
}

/** Ours and the floor in turn, TRIALS times each, on fresh requests for every run. */
async function compare(
  route: string,
  concurrency: number,
  ours: { lean: Target; viaNext: Target },
  floor: Target,
  makeRequests: () => Promise<LoadRequest[]> | LoadRequest[],
): Promise<Row> {
  const row: Row = { route, concurrency, ours: [], viaNext: [], floor: [] };
  for (let trial = 0; trial < TRIALS; trial++) {
    row.ours.push(await measure(ours.lean, await makeRequests(), concurrency));
    row.viaNext.push(await measure(ours.viaNext, await makeRequests(), concurrency));
    row.floor.push(await measure(floor, await makeRequests(), concurrency));
  }
  const summary = (trials: Trial[]) =>
    trials.map((t) => `${t.perSecond.toFixed(0)}/s p99 ${t.p99.toFixed(0)} ms`).join(", ");
  console.log(
    `  ${route}, c=${concurrency}: ours ${summary(row.ours)} | via Next ${summary(row.viaNext)} | floor ${summary(row.floor)}`,
  );
  return row;
}

function printTable(rows: Row[]) {
  const columns = [
    ["route", 36],
    ["c", 3],
    ["ours req/s", 11],
    ["ours p99", 10],
    ["floor req/s", 12],
    ["floor p99", 10],
    ["req/s ratio", 12],
    ["p99 ratio", 10],
    ["before", 10],
    ["via Next req/s", 15],
    ["CPU/req ours", 13],
    ["via Next", 9],
    ["floor", 8],
  ] as const;
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === 0 ? cell.padEnd(columns[i]?.[1] ?? 0) : cell.padStart(columns[i]?.[1] ?? 0),
      )
      .join(" ");
  console.log(`\n${line(columns.map(([name]) => name))}`);
  for (const row of rows) {
    const ours = medianTrial(row.ours);
    const viaNext = medianTrial(row.viaNext);
    const floor = medianTrial(row.floor);
    const failures = [...row.ours, ...row.viaNext, ...row.floor].reduce(
      (sum, trial) => sum + trial.failures,
      0,
    );
    const routeKind = row.route.replace(/, (tenant|customer) .*$/, "");
    console.log(
      line([
        row.route,
        String(row.concurrency),
        ours.perSecond.toFixed(0),
        `${ours.p99.toFixed(0)} ms`,
        floor.perSecond.toFixed(0),
        `${floor.p99.toFixed(0)} ms`,
        (ours.perSecond / floor.perSecond).toFixed(2),
        (ours.p99 / floor.p99).toFixed(2),
        RATIO_BEFORE[`${routeKind} c=${row.concurrency}`] ?? "-",
        viaNext.perSecond.toFixed(0),
        `${ours.serverCpuMs.toFixed(2)} ms`,
        `${viaNext.serverCpuMs.toFixed(2)} ms`,
        `${floor.serverCpuMs.toFixed(2)} ms`,
      ]) + (failures ? `  ${failures} FAILED` : ""),
    );
  }
  console.log(
    `\nMedians of ${TRIALS} interleaved trials of ${REQUESTS} requests (by throughput). Ratios are ours ÷ floor: ` +
      'above 1 is better for req/s, below 1 for p99; "before": the req/s ratio issue #12 recorded before the lean path. ' +
      "Via Next: ours with EMBED_LEAN_PATH=off, same build. CPU/req: the server process's CPU seconds ÷ requests.",
  );
}

async function main() {
  console.log("Floor benchmark: our server against a minimal node:http + pg + jose server");
  const ran = await withScratchDatabases(
    async ({ app, warehouse }) => {
      const env = {
        DATABASE_URL: app,
        WAREHOUSE_URL: warehouse,
        EMBED_SEED_DEMO: "true",
        EMBED_JWT_SHARED_SECRET: secret,
        EMBED_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
        EMBED_ADMIN_EMAIL: admin.email,
        EMBED_ADMIN_PASSWORD: admin.password,
        EMBED_WORKERS: WORKERS,
      };
      const server = await startAnalyticsInstance(env);
      // The same build with every request through Next.js; started second, it finds the
      // databases migrated and seeded.
      const serverViaNext = await startAnalyticsInstance({ ...env, EMBED_LEAN_PATH: "off" });
      const floors: Array<Target & { child: ChildProcess }> = [];
      const appClient = new pg.Client({ connectionString: app });
      try {
        await appClient.connect();
        const adminToken = (
          (await callJson(`${server.url}/api/session/password`, { body: admin })).json as {
            sessionToken: string;
          }
        ).sessionToken;
        const floorOptions: FloorOptions = {
          appDatabaseUrl: app,
          warehouseUrl: warehouse,
          jwtSecret: secret,
          compiler: { url: server.url, adminToken },
        };
        const floorUncached = await startFloorProcess({ ...floorOptions, cache: false });
        floors.push(floorUncached);
        const floorCached = await startFloorProcess({ ...floorOptions, cache: true });
        floors.push(floorCached);
        const ours = {
          lean: { url: server.url, pid: server.child.pid },
          viaNext: { url: serverViaNext.url, pid: serverViaNext.child.pid },
        };

        const wh = new pg.Client({ connectionString: warehouse });
        await wh.connect();
        const account = (
          await wh.query<{ account_id: number }>(
            "SELECT account_id FROM accounts WHERE tenant_id = 999 ORDER BY account_id LIMIT 1",
          )
        ).rows[0]?.account_id;
        await wh.end();
        const card = (
          await appClient.query<{ id: number }>("SELECT id FROM cards WHERE name = $1", [CARD_NAME])
        ).rows[0]?.id;
        if (account === undefined || card === undefined) {
          throw new Error(`no account of tenant 999 or no card named "${CARD_NAME}"`);
        }
        const identities = [
          { label: "tenant 999", attributes: { role: "tenant", primary_id: 999 } },
          { label: `customer ${account}`, attributes: { role: "customer", primary_id: account } },
        ];
        const sessions = new Map<string, string[]>();
        for (const identity of identities) {
          const tokens: string[] = [];
          for (let i = 0; i < SESSIONS_PER_IDENTITY; i++) {
            const jwt = await signSsoToken(
              {
                email: `${identity.label.replace(" ", "-")}@bench.test`,
                attributes: identity.attributes,
              },
              { secret },
            );
            const answer = await callJson(`${server.url}/api/session/sso`, { body: { jwt } });
            tokens.push((answer.json as { sessionToken: string }).sessionToken);
          }
          sessions.set(identity.label, tokens);
        }
        const setCacheSeconds = async (seconds: number) => {
          const answer = await callJson(`${server.url}/api/admin/settings`, {
            method: "PATCH",
            token: adminToken,
            body: { queryCacheTtlSeconds: seconds },
          });
          if (answer.status !== 200) throw new Error(`settings answered ${answer.status}`);
        };

        console.log(
          `${REQUESTS} requests per trial, ${TRIALS} trials, ${WORKERS} worker(s) of ours, card "${CARD_NAME}" (id ${card}); per trial:`,
        );
        const rows: Row[] = [];
        for (const target of [ours.lean, ours.viaNext, floorUncached]) {
          await runHttpLoad(target.url, await exchangeRequests(WARMUP), { concurrency: 4 });
        }
        for (const concurrency of SSO_CONCURRENCY) {
          rows.push(
            await compare("SSO exchange", concurrency, ours, floorUncached, () =>
              exchangeRequests(REQUESTS),
            ),
          );
        }
        for (const cached of [false, true]) {
          await setCacheSeconds(cached ? 600 : 0);
          const floor = cached ? floorCached : floorUncached;
          for (const identity of identities) {
            const tokens = sessions.get(identity.label) as string[];
            // Warms both: our caches and JIT, the floor's compiled SQL (and, cached, the answer).
            for (const target of [ours.lean, ours.viaNext, floor]) {
              await runHttpLoad(target.url, cardRequests(card, tokens, WARMUP), {
                concurrency: 8,
              });
            }
            for (const concurrency of CARD_CONCURRENCY) {
              rows.push(
                await compare(
                  `card query, ${cached ? "cached" : "uncached"}, ${identity.label}`,
                  concurrency,
                  ours,
                  floor,
                  () => cardRequests(card, tokens, REQUESTS),
                ),
              );
            }
          }
        }
        printTable(rows);
      } finally {
        for (const floor of floors) floor.child.kill("SIGTERM");
        await appClient.end();
        await server.stop();
        await serverViaNext.stop();
      }
    },
    { tenants: TENANTS, accountsPerTenant: 5, rowsPerAccount: 200 },
  );
  if (!ran) console.log("floor benchmark: skipped, no PostgreSQL server answers");
  removeDataDirs();
}

main().catch((error) => {
  console.error(error);
  removeDataDirs();
  process.exit(1);
});
