// EMBED_WORKERS: the analytics server in several processes sharing one port (start.mjs), on
// PostgreSQL — the deployment that uses every core; and the default single worker's supervision.

import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { signSsoToken } from "@embed/node";
import { generateSampleWarehouse } from "@embed/sample-data";
import { createScratchPostgres, type ScratchPostgres } from "@embed/testing/scratch-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort, startApp } from "../../scripts/lib/processes.mjs";
import { makeDataDir, removeDataDirs, startAnalyticsInstance } from "./support/analytics-instance";
import { childPids, cpuSeconds, isAlive } from "./support/proc";

const ssoSecret = randomBytes(32).toString("base64url");
const adminPassword = randomBytes(12).toString("base64url");

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("EMBED_WORKERS=2 on PostgreSQL", () => {
  let app: ScratchPostgres;
  let warehouse: ScratchPostgres;
  let server: Awaited<ReturnType<typeof startAnalyticsInstance>>;
  let primary: number;

  beforeAll(async () => {
    [app, warehouse] = await Promise.all([
      createScratchPostgres("e2e-workers-app"),
      createScratchPostgres("e2e-workers-warehouse"),
    ]);
    await generateSampleWarehouse({ databaseUrl: warehouse.url });
    server = await startAnalyticsInstance({
      DATABASE_URL: app.url,
      WAREHOUSE_URL: warehouse.url,
      EMBED_WORKERS: "2",
      EMBED_SEED_DEMO: "true",
      EMBED_JWT_SHARED_SECRET: ssoSecret,
      EMBED_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
      EMBED_ADMIN_EMAIL: "admin@workers.test",
      EMBED_ADMIN_PASSWORD: adminPassword,
      EMBED_LOGIN_MAX_FAILURES: "3",
      EMBED_SSO_MAX_FAILURES_PER_ADDRESS: "5",
    });
    primary = server.child.pid as number;
    // The second worker starts once the first has run the startup tasks.
    await until(() => childPids(primary).length === 2);
  });

  afterAll(async () => {
    await server?.stop();
    await Promise.all([app?.teardown(), warehouse?.teardown()]);
    removeDataDirs();
  });

  it("serves SSO logins and content from both workers; the startup tasks ran once", async () => {
    const workers = childPids(primary);
    const cpuBefore = workers.map(cpuSeconds);
    const sessions = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const jwt = await signSsoToken(
          {
            email: `worker-user-${i}@workers.test`,
            attributes: { role: "tenant", primary_id: 999 },
          },
          { secret: ssoSecret },
        );
        const response = await fetch(`${server.url}/api/session/sso`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jwt }),
        });
        expect(response.status).toBe(200);
        return ((await response.json()) as { sessionToken: string }).sessionToken;
      }),
    );
    // Any worker accepts a session another one started: sessions live in the app database.
    for (const token of sessions.slice(0, 10)) {
      const dashboard = await fetch(`${server.url}/api/dashboard/1`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(dashboard.status).toBe(200);
    }
    // Connections are dealt round-robin: both workers did some of the work.
    const cpuAfter = workers.map(cpuSeconds);
    expect(cpuAfter.every((after, i) => after > (cpuBefore[i] as number))).toBe(true);

    const db = new pg.Client({ connectionString: app.url });
    await db.connect();
    try {
      const count = async (sql: string) => Number((await db.query(sql)).rows[0]?.n);
      expect(await count("SELECT count(*) AS n FROM dashboards")).toBe(1);
      expect(await count("SELECT count(*) AS n FROM users WHERE is_admin")).toBe(1);
      expect(await count("SELECT count(*) AS n FROM groups")).toBe(3);
      expect(await count("SELECT count(*) AS n FROM _prisma_migrations")).toBeGreaterThan(0);
    } finally {
      await db.end();
    }
  });

  it("counts failed logins once across both workers", async () => {
    const post = async (path: string, body: unknown) =>
      (
        await fetch(`${server.url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        })
      ).status;
    // Concurrent requests spread over both workers. Counting is one atomic step in the shared
    // database, so exactly limit − 1 failures are answered 401 before the lockout, whichever
    // worker served them (per-process counters would let up to twice as many through).
    const passwords = await Promise.all(
      Array.from({ length: 12 }, () =>
        post("/api/session/password", { email: "admin@workers.test", password: "wrong" }),
      ),
    );
    expect(passwords.filter((status) => status === 401)).toHaveLength(2);
    expect(passwords.filter((status) => status === 429)).toHaveLength(10);
    expect(
      await post("/api/session/password", { email: "admin@workers.test", password: adminPassword }),
    ).toBe(429);

    const exchanges = await Promise.all(
      Array.from({ length: 12 }, (_, i) => post("/api/session/sso", { jwt: `garbage.${i}.x` })),
    );
    expect(exchanges.filter((status) => status === 401)).toHaveLength(4);
    expect(exchanges.filter((status) => status === 429)).toHaveLength(8);
  });

  it("replaces a worker that dies, and keeps answering", async () => {
    const [victim] = childPids(primary);
    process.kill(victim as number, "SIGKILL");
    await until(() => {
      const workers = childPids(primary);
      return workers.length === 2 && !workers.includes(victim as number);
    });
    await until(async () => (await fetch(`${server.url}/api/health`)).status === 200);
    expect(isAlive(primary)).toBe(true);
  });

  it("stops every worker with the server", async () => {
    const workers = childPids(primary);
    await server.stop();
    await until(() => !workers.some(isAlive), 15_000);
    expect(isAlive(primary)).toBe(false);
  });
});

describe("EMBED_WORKERS on the embedded databases", () => {
  it("refuses to start: PGlite belongs to one process", async () => {
    const port = await findFreePort();
    const started = startApp({
      app: "analytics",
      port,
      quiet: true,
      env: { NODE_ENV: "production", EMBED_DATA_DIR: makeDataDir(), EMBED_WORKERS: "2" },
    });
    const [exitCode] = await once(started.child, "exit");
    expect(exitCode).toBe(1);
    expect(started.output.join("")).toContain("EMBED_WORKERS > 1 needs DATABASE_URL");
    removeDataDirs();
  });

  it("refuses a worker count that is not a whole number from 1 to 64, in the server's own words", async () => {
    const port = await findFreePort();
    const started = startApp({
      app: "analytics",
      port,
      quiet: true,
      env: { NODE_ENV: "production", EMBED_DATA_DIR: makeDataDir(), EMBED_WORKERS: "lots" },
    });
    const [exitCode] = await once(started.child, "exit");
    expect(exitCode).toBe(1);
    expect(started.output.join("")).toMatch(/environment is invalid:\s+- EMBED_WORKERS:/);
    removeDataDirs();
  });
});

describe("one worker on the embedded default", () => {
  let server: Awaited<ReturnType<typeof startAnalyticsInstance>>;
  let primary: number;

  beforeAll(async () => {
    server = await startAnalyticsInstance({});
    primary = server.child.pid as number;
  });

  afterAll(async () => {
    await server?.stop();
    removeDataDirs();
  });

  it("keeps idle connections open for 65 s, as load balancers expect", async () => {
    const { request } = await import("node:http");
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      request(`${server.url}/api/health`, (response) => {
        response.resume();
        resolve(response.headers);
      })
        .on("error", reject)
        .end();
    });
    expect(headers["keep-alive"]).toBe("timeout=65");
  });

  it("backs off when its worker keeps dying, says so, and keeps the server up", async () => {
    // Each replacement is killed as soon as it exists, before it could serve: a crash loop.
    for (let kill = 0; kill < 3; kill++) {
      const [victim] = childPids(primary);
      expect(victim).toBeDefined();
      process.kill(victim as number, "SIGKILL");
      await until(() => {
        const workers = childPids(primary);
        return workers.length === 1 && !workers.includes(victim as number);
      }, 180_000);
    }
    const log = server.output.join("");
    expect(log).toContain("starting another.");
    expect(log).toMatch(/backing off: starting another in 1 s/);
    expect(log).toMatch(/backing off: starting another in 2 s/);
    // The last replacement is left alone: it opens the (uncleanly stopped) embedded databases
    // again and serves.
    await until(async () => {
      try {
        return (await fetch(`${server.url}/api/health`)).status === 200;
      } catch {
        return false;
      }
    }, 180_000);
    expect(isAlive(primary)).toBe(true);
  }, 600_000);
});
