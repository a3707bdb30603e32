/**
 * Loads the sample warehouse at a few sizes and prints rows/s and peak RSS, so throughput and
 * flat memory are visible. Figures only: a benchmark that asserts timing fails on a busy machine.
 *
 *   pnpm --filter @embed/sample-data bench [--sizes 250000,1000000] [--pglite-size 250000]
 *
 * PostgreSQL: a scratch database `embed_bench_<random>` on EMBED_BENCH_DATABASE_URL (default
 * postgres://root@127.0.0.1:5432/test), dropped afterwards. With no server answering, PGlite
 * behind @electric-sql/pglite-socket stands in, and the output says so.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import {
  generateSampleWarehouse,
  planSampleWarehouse,
  type SampleWarehouseOptions,
  type SampleWarehouseTarget,
} from "../src/index";

const TENANTS = 1000;
const ACCOUNTS_PER_TENANT = 5;
const ACCOUNTS = 5 + TENANTS * ACCOUNTS_PER_TENANT;
const MB = 1024 * 1024;
const number = new Intl.NumberFormat("en-US");

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "250000,1000000" },
    "pglite-size": { type: "string", default: "250000" },
  },
});
const sizes = (values.sizes ?? "").split(",").map(Number);
const pgliteSize = Number(values["pglite-size"]);
if ([...sizes, pgliteSize].some((n) => !Number.isSafeInteger(n) || n <= 0)) {
  console.error("bench: --sizes and --pglite-size take positive integers");
  process.exit(2);
}

/** Options for about `totalRows` rows: 1000 generated tenants × 5 accounts, K rows each. */
function optionsFor(totalRows: number, schema: string): SampleWarehouseOptions {
  const rowsPerAccount = Math.max(10, Math.round(totalRows / ACCOUNTS) - 1);
  return { tenants: TENANTS, accountsPerTenant: ACCOUNTS_PER_TENANT, rowsPerAccount, schema };
}

interface Figures {
  label: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  baselineMb: number;
  peakMb: number;
}

async function measure(
  label: string,
  target: SampleWarehouseTarget,
  options: SampleWarehouseOptions,
): Promise<Figures> {
  globalThis.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  // PGlite runs on this thread, so timers can starve during a COPY; progress events sample too.
  const timer = setInterval(sample, 20);
  try {
    const result = await generateSampleWarehouse(target, options, { onProgress: sample });
    sample();
    return {
      label,
      rows: result.totalRows,
      seconds: result.seconds,
      rowsPerSecond: result.rowsPerSecond,
      baselineMb: baseline / MB,
      peakMb: peak / MB,
    };
  } finally {
    clearInterval(timer);
  }
}

function print(figures: Figures): void {
  console.log(
    [
      figures.label.padEnd(34),
      `${number.format(figures.rows).padStart(11)} rows`,
      `${figures.seconds.toFixed(2).padStart(7)} s`,
      `${number.format(figures.rowsPerSecond).padStart(9)} rows/s`,
      `peak RSS ${figures.peakMb.toFixed(0).padStart(4)} MB (start ${figures.baselineMb.toFixed(0)} MB)`,
    ].join("  "),
  );
}

async function withScratchPostgres(
  run: (databaseUrl: string, backend: string) => Promise<void>,
): Promise<void> {
  const adminUrl = process.env.EMBED_BENCH_DATABASE_URL ?? "postgres://root@127.0.0.1:5432/test";
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  admin.on("error", () => undefined);
  let isConnected = false;
  try {
    await admin.connect();
    isConnected = true;
  } catch {
    await admin.end().catch(() => undefined);
  }
  if (!isConnected) {
    const dir = await mkdtemp(join(tmpdir(), "embed-bench-socket-"));
    const db = await PGlite.create(dir);
    const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 2 });
    try {
      await server.start();
      const conn = server.getServerConn();
      console.log(
        `No PostgreSQL answered at ${adminUrl}: using PGlite behind @electric-sql/pglite-socket (${conn}) instead. ` +
          "It has no COPY FROM STDIN, so these figures are for the INSERT fallback in the same process.",
      );
      await run(`postgres://postgres@${conn}/postgres`, "PGlite socket");
    } finally {
      await server.stop();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
    return;
  }
  const name = `embed_bench_${randomBytes(6).toString("hex")}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const version = await admin.query<{ server_version: string }>("SHOW server_version");
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    console.log(
      `PostgreSQL ${version.rows[0]?.server_version ?? "?"}: scratch database ${name} on ${url.host}`,
    );
    await run(url.toString(), "PostgreSQL");
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function main(): Promise<void> {
  console.log(
    `@embed/sample-data bench: ${number.format(TENANTS)} tenants × ${ACCOUNTS_PER_TENANT} accounts (+ the brief's 5)` +
      `${globalThis.gc ? "" : " (run with --expose-gc for steadier RSS baselines)"}`,
  );
  await withScratchPostgres(async (databaseUrl, backend) => {
    for (const size of sizes) {
      const options = optionsFor(size, `bench_${size}`);
      const plan = planSampleWarehouse(options);
      print(
        await measure(
          `${backend}, K=${plan.options.rowsPerAccount}/account`,
          { databaseUrl },
          options,
        ),
      );
    }
  });

  const dir = await mkdtemp(join(tmpdir(), "embed-bench-pglite-"));
  const db = await PGlite.create(dir);
  try {
    const options = optionsFor(pgliteSize, "public");
    const plan = planSampleWarehouse(options);
    print(
      await measure(
        `PGlite on disk, K=${plan.options.rowsPerAccount}/account`,
        { pglite: db },
        options,
      ),
    );
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
