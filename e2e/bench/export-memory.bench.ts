// `pnpm bench` (e2e): CSV exports of 10k to 1M rows from a generated PostgreSQL warehouse, with
// the analytics server's resident memory (all its processes) sampled while it streams. Exports
// are read from a cursor in batches, so the peak should level off rather than follow the
// export's size (what is left is V8 letting its heap grow before collecting). Prints figures;
// asserts nothing. On our two shared cores: +24 MB at 100k rows, +103 MB at 300k, +126 MB at
// 1M (89 MB of CSV).

import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { generateSampleWarehouse } from "@embed/sample-data";
import pg from "pg";
import { removeDataDirs, startAnalyticsInstance } from "../src/support/analytics-instance";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://root@127.0.0.1:5432/test";
const SIZES = [10_000, 100_000, 300_000, 1_000_000];
const admin = { email: "admin@bench.test", password: randomBytes(12).toString("base64url") };

/** Resident memory of a process and all its descendants (the server and its workers), in MB. */
function treeRssMb(root: number): number {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      parents.set(Number(entry), Number(stat[1]));
    } catch {}
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, parent] of parents) if (parent === tree[i]) tree.push(pid);
  }
  let kb = 0;
  for (const pid of tree) {
    try {
      const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      kb += Number(match?.[1] ?? 0);
    } catch {}
  }
  return kb / 1024;
}

async function main() {
  const adminClient = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await adminClient.connect();
  } catch {
    console.log(`export memory: skipped, no PostgreSQL server answers at ${ADMIN_URL}`);
    return;
  }
  const name = `embed_bench_export_${randomBytes(3).toString("hex")}`;
  await adminClient.query(`CREATE DATABASE "${name}"`);
  const warehouseUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString();
  try {
    const generated = await generateSampleWarehouse(
      { databaseUrl: warehouseUrl },
      { tenants: 200, accountsPerTenant: 5, rowsPerAccount: 400 },
    );
    console.log(`\nexport memory: warehouse of ${generated.totalRows.toLocaleString("en")} rows`);
    const server = await startAnalyticsInstance({
      WAREHOUSE_URL: warehouseUrl,
      EMBED_SEED_DEMO: "true",
      EMBED_WORKERS: "1",
      EMBED_JWT_SHARED_SECRET: randomBytes(32).toString("base64url"),
      EMBED_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
      EMBED_ADMIN_EMAIL: admin.email,
      EMBED_ADMIN_PASSWORD: admin.password,
    });
    try {
      const call = async (path: string, method = "GET", body?: unknown, token?: string) => {
        const response = await fetch(`${server.url}${path}`, {
          method,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        // biome-ignore lint/suspicious/noExplicitAny: bench reads arbitrary JSON answers
        return (await response.json()) as any;
      };
      const token = (await call("/api/session/password", "POST", admin)).sessionToken as string;
      await call(
        "/api/admin/settings",
        "PATCH",
        { maxExportRows: 1_000_000, queryTimeoutSeconds: 600 },
        token,
      );
      const firstCard = (await call("/api/dashboard/1", "GET", undefined, token)).cards[0].cardId;
      const { dataSourceId } = await call(`/api/card/${firstCard}`, "GET", undefined, token);
      const pid = server.child.pid as number;
      console.log(
        `${"rows exported".padEnd(16)}${"MB sent".padStart(10)}${"seconds".padStart(10)}${"server RSS before".padStart(20)}${"peak".padStart(10)}${"growth".padStart(10)}`,
      );
      for (const rows of SIZES) {
        const card = await call(
          "/api/admin/cards",
          "POST",
          {
            name: `Export ${rows}`,
            display: "table",
            dataSourceId,
            queryKind: "native",
            query: {
              sql: `SELECT o.*, md5(o.order_id::text) AS filler FROM orders o CROSS JOIN generate_series(1, 10) AS g LIMIT ${rows}`,
            },
          },
          token,
        );
        const dashboard = await call("/api/admin/dashboards", "POST", { name: `E${rows}` }, token);
        const placed = await call(
          `/api/admin/dashboards/${dashboard.id}/cards`,
          "PUT",
          [{ cardId: card.id, x: 0, y: 0, w: 12, h: 6 }],
          token,
        );
        globalThis.gc?.();
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const before = treeRssMb(pid);
        let peak = before;
        const sampler = setInterval(() => {
          peak = Math.max(peak, treeRssMb(pid));
        }, 50);
        const started = performance.now();
        const response = await fetch(
          `${server.url}/api/dashboard/${dashboard.id}/cards/${placed.cards[0].id}/export?format=csv`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        let bytes = 0;
        let lines = 0;
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          bytes += chunk.length;
          for (const byte of chunk) if (byte === 10) lines++;
        }
        const seconds = (performance.now() - started) / 1000;
        clearInterval(sampler);
        peak = Math.max(peak, treeRssMb(pid));
        if (lines - 1 !== rows) console.log(`  (expected ${rows} rows, got ${lines - 1})`);
        console.log(
          `${rows.toLocaleString("en").padEnd(16)}${(bytes / 1024 ** 2).toFixed(1).padStart(10)}${seconds.toFixed(1).padStart(10)}${before.toFixed(0).padStart(20)}${peak.toFixed(0).padStart(10)}${`+${(peak - before).toFixed(0)}`.padStart(10)}`,
        );
      }
    } finally {
      await server.stop();
    }
  } finally {
    await adminClient.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await adminClient.end();
    removeDataDirs();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
