import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** A scratch database for this run. */
    postgresUrl: string;
    /** `postgres`: a real server; `pglite-socket`: PGlite behind a socket, when none answered. */
    postgresBackend: "postgres" | "pglite-socket";
  }
}

const DEFAULT_ADMIN_URL = "postgres://root@127.0.0.1:5432/test";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

async function startPGliteSocket(project: TestProject): Promise<() => Promise<void>> {
  const db = await PGlite.create();
  const port = await freePort();
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: 8 });
  await server.start();
  project.provide("postgresUrl", `postgres://postgres@127.0.0.1:${port}/postgres`);
  project.provide("postgresBackend", "pglite-socket");
  console.warn(
    `[query] no PostgreSQL server answered: running the PostgreSQL suite against PGlite on :${port}`,
  );
  return async () => {
    await server.stop();
    await db.close();
  };
}

/**
 * Creates a scratch database on the local PostgreSQL for this run and drops it afterwards. With no
 * server, falls back to PGlite behind a socket, unless EMBED_TEST_REQUIRE_POSTGRES=1 (CI), where a
 * missing server must fail the run rather than silently test something else.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env.EMBED_TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  admin.on("error", () => undefined);
  try {
    await admin.connect();
  } catch (error) {
    if (process.env.EMBED_TEST_REQUIRE_POSTGRES === "1") {
      throw new Error(
        `EMBED_TEST_REQUIRE_POSTGRES=1 but no PostgreSQL server answered at ${adminUrl}: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
    return startPGliteSocket(project);
  }
  const name = `embed_test_${randomBytes(6).toString("hex")}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  project.provide("postgresUrl", url.toString());
  project.provide("postgresBackend", "postgres");
  return async () => {
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    try {
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await cleanup.end();
    }
  };
}
