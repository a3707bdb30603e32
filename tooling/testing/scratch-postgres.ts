// One way for every database suite to get its PostgreSQL target (db, query, sample-data):
//   1. TEST_DATABASE_URL (an admin URL), or a server at postgres://root@127.0.0.1:5432/test:
//      a scratch database `embed_test_<random>` for this run, dropped afterwards;
//   2. otherwise, unless EMBED_TEST_REQUIRE_POSTGRES=1 (CI, where a missing server must fail the
//      run rather than silently test something else), PGlite served over the PostgreSQL wire
//      protocol by pglite-socket, so a laptop without PostgreSQL still runs the `pg` suites.
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";

export interface ScratchPostgres {
  url: string;
  /** `postgres`: a real server; `pglite-socket`: PGlite behind a socket, when none answered. */
  backend: "postgres" | "pglite-socket";
  teardown: () => Promise<void>;
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

async function pgliteOverSocket(label: string): Promise<ScratchPostgres> {
  const db = await PGlite.create();
  const port = await freePort();
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: 8 });
  await server.start();
  console.warn(
    `[${label}] no PostgreSQL server answered: running the PostgreSQL suite against PGlite on :${port}`,
  );
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    backend: "pglite-socket",
    teardown: async () => {
      await server.stop();
      await db.close();
    },
  };
}

/** The PostgreSQL target of a test run (see the top of this file). */
export async function createScratchPostgres(label: string): Promise<ScratchPostgres> {
  const adminUrl = process.env.TEST_DATABASE_URL || DEFAULT_ADMIN_URL;
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
    return pgliteOverSocket(label);
  }
  const name = `embed_test_${randomBytes(6).toString("hex")}`;
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    backend: "postgres",
    teardown: async () => {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
