/**
 * What the policy costs: a sandboxed query compiled by @embed/query against the same filtered SQL
 * written by hand, on a generated warehouse of ~1 million rows and 1,000+ tenants. Figures only:
 * a benchmark that asserts timing fails on a busy machine.
 *
 *   pnpm --filter @embed/query bench [--iterations 200]
 *
 * PostgreSQL: a scratch database `embed_bench_<random>` on EMBED_BENCH_DATABASE_URL (default
 * postgres://root@127.0.0.1:5432/test), dropped afterwards. With no server answering, PGlite
 * behind @electric-sql/pglite-socket stands in, and the output says so.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { generateSampleWarehouse } from "@embed/sample-data";
import pg from "pg";
import {
  type CompiledQuery,
  compileQuery,
  createPostgresDriver,
  type DataPolicy,
  executeQuery,
  introspectWarehouse,
  type StructuredQuery,
  type WarehouseMetadata,
} from "../src/index";

const { values } = parseArgs({ options: { iterations: { type: "string", default: "200" } } });
const ITERATIONS = Number(values.iterations);
if (!Number.isSafeInteger(ITERATIONS) || ITERATIONS < 1) {
  console.error("bench: --iterations takes a positive integer");
  process.exit(2);
}
const WARMUP = Math.min(20, ITERATIONS);
const SIZE = { tenants: 1000, accountsPerTenant: 5, rowsPerAccount: 200 };
const number = new Intl.NumberFormat("en-US");

/** `tenant_id = {{primary_id}}` on every table, as the Tenants group has it. */
function tenantPolicy(tenant: number): DataPolicy {
  const sandbox = {
    level: "sandboxed" as const,
    rowFilters: [{ kind: "column_attribute" as const, column: "tenant_id", value: tenant }],
    visibleColumns: null,
  };
  return {
    tables: { accounts: sandbox, orders: sandbox, invoices: sandbox, usage_events: sandbox },
  };
}

interface Case {
  label: string;
  query: StructuredQuery;
  /** The same question, written by hand; `$1` is the tenant. */
  handWritten: string;
}

const CASES: Case[] = [
  {
    label: "orders per month",
    query: {
      source: "orders",
      aggregations: [["count"], ["sum", "amount"]],
      breakouts: [["month", "ordered_at"]],
    },
    handWritten: `SELECT date_trunc('month', ordered_at) AS month, count(*), sum(amount)
      FROM orders WHERE tenant_id = $1 GROUP BY 1 ORDER BY 1`,
  },
  {
    label: "revenue by plan (orders ⋈ accounts)",
    query: {
      source: "orders",
      joins: [{ table: "accounts" }],
      aggregations: [["sum", "amount"]],
      breakouts: ["accounts.plan"],
    },
    handWritten: `SELECT a.plan, sum(o.amount)
      FROM orders o LEFT JOIN accounts a ON a.account_id = o.account_id AND a.tenant_id = $1
      WHERE o.tenant_id = $1 GROUP BY 1 ORDER BY 1`,
  },
  {
    label: "usage per week and event type",
    query: {
      source: "usage_events",
      aggregations: [["sum", "quantity"]],
      breakouts: [["week", "occurred_at"], "event_type"],
    },
    handWritten: `SELECT date_trunc('week', occurred_at), event_type, sum(quantity)
      FROM usage_events WHERE tenant_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
  },
];

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function timeIt(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function bench(databaseUrl: string, backend: string): Promise<void> {
  const load = await generateSampleWarehouse({ databaseUrl }, SIZE);
  console.log(
    `${backend}: ${number.format(load.totalRows)} rows, ${number.format(SIZE.tenants + 2)} tenants, loaded in ${load.seconds.toFixed(1)} s`,
  );
  const driver = createPostgresDriver({ connectionString: databaseUrl, poolSize: 2 });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query("SET TimeZone = 'UTC'");
  try {
    const introspected: WarehouseMetadata = await introspectWarehouse(driver);
    const metadata = {
      tables: introspected.tables.filter((t) => t.name !== "_sample_data_meta"),
    };
    console.log(
      [
        `median of ${ITERATIONS} runs each (after ${WARMUP} warm-up), interleaved. First pair: the SQL alone, both on`,
        "one pg connection (the policy's cost in the warehouse). Second pair: both through the driver",
        "(pool, pipelined READ ONLY transaction with its time budget, row parsing). compile: what",
        "compileQuery adds per request, on top. ratio = compiled / hand-written.\n",
      ].join("\n"),
    );
    console.log(
      [
        "query".padEnd(38),
        "tenant".padStart(6),
        "rows".padStart(5),
        "hand-written".padStart(13),
        "compiled SQL".padStart(13),
        "ratio".padStart(6),
        "hand, driver".padStart(13),
        "executeQuery".padStart(13),
        "ratio".padStart(6),
        "compile".padStart(9),
      ].join("  "),
    );
    for (const benchCase of CASES) {
      for (const tenant of [999, 1500]) {
        const options = { metadata, policy: tenantPolicy(tenant), maxRows: 10_000 };
        const compiled: CompiledQuery = compileQuery(benchCase.query, options);
        const handWritten = () => client.query({ text: benchCase.handWritten, values: [tenant] });
        // The compiled SQL on the same connection as the hand-written SQL: the cost of the SQL.
        const compiledSql = () =>
          client.query({ text: compiled.sql, values: [...compiled.parameters] });
        // The path an API request takes after compiling: read-only transaction with its time
        // budget, run, shape the rows.
        const handViaDriver = () =>
          driver.execute(
            { sql: benchCase.handWritten, parameters: [tenant] },
            { timeoutMs: 30_000 },
          );
        const endToEnd = () => executeQuery(driver, compiled, { timeoutMs: 30_000 });

        const reference = await handWritten();
        const viaDriver = await endToEnd();
        if (reference.rowCount !== viaDriver.rowCount) {
          console.log(
            `  ! row counts differ: hand-written ${reference.rowCount}, compiled ${viaDriver.rowCount}`,
          );
        }
        for (let i = 0; i < WARMUP; i++) {
          await handWritten();
          await compiledSql();
          await handViaDriver();
          await endToEnd();
        }
        const samples = {
          hand: [] as number[],
          sql: [] as number[],
          handDriver: [] as number[],
          e2e: [] as number[],
          compile: [] as number[],
        };
        for (let i = 0; i < ITERATIONS; i++) {
          samples.hand.push(await timeIt(handWritten));
          samples.sql.push(await timeIt(compiledSql));
          samples.handDriver.push(await timeIt(handViaDriver));
          samples.e2e.push(await timeIt(endToEnd));
          samples.compile.push(await timeIt(async () => compileQuery(benchCase.query, options)));
        }
        const compileMicros = median(samples.compile) * 1000;

        const hand = median(samples.hand);
        const sql = median(samples.sql);
        const handDriver = median(samples.handDriver);
        const e2e = median(samples.e2e);
        console.log(
          [
            benchCase.label.padEnd(38),
            String(tenant).padStart(6),
            String(viaDriver.rowCount).padStart(5),
            `${hand.toFixed(3)} ms`.padStart(13),
            `${sql.toFixed(3)} ms`.padStart(13),
            (sql / hand).toFixed(2).padStart(6),
            `${handDriver.toFixed(3)} ms`.padStart(13),
            `${e2e.toFixed(3)} ms`.padStart(13),
            (e2e / handDriver).toFixed(2).padStart(6),
            `${compileMicros.toFixed(0)} µs`.padStart(9),
          ].join("  "),
        );
      }
    }
  } finally {
    await client.end();
    await driver.close();
  }
}

async function main(): Promise<void> {
  console.log("@embed/query bench: sandboxed queries vs hand-written filtered SQL");
  const adminUrl = process.env.EMBED_BENCH_DATABASE_URL ?? "postgres://root@127.0.0.1:5432/test";
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  admin.on("error", () => undefined);
  try {
    await admin.connect();
  } catch {
    await admin.end().catch(() => undefined);
    const db = await PGlite.create();
    const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 4 });
    try {
      await server.start();
      console.log(
        `No PostgreSQL answered at ${adminUrl}: using in-memory PGlite behind pglite-socket instead.`,
      );
      await bench(`postgres://postgres@${server.getServerConn()}/postgres`, "PGlite socket");
    } finally {
      await server.stop();
      await db.close();
    }
    return;
  }
  const name = `embed_bench_${randomBytes(6).toString("hex")}`;
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const version = await admin.query<{ server_version: string }>("SHOW server_version");
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    console.log(`PostgreSQL ${version.rows[0]?.server_version ?? "?"}: scratch database ${name}`);
    await bench(url.toString(), "PostgreSQL");
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
