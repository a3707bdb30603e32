// Provides the PostgreSQL target of the contract suite, for the whole run:
//   1. TEST_DATABASE_URL (an admin URL), or a server answering at postgres://root@127.0.0.1:5432/test:
//      a scratch database `embed_test_<random>` is created, and dropped afterwards;
//   2. otherwise, unless EMBED_TEST_REQUIRE_POSTGRES=1 (CI), PGlite served over the PostgreSQL
//      wire protocol by pglite-socket, so a laptop without PostgreSQL still runs the suite
//      through the `pg` driver.
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import type { TestProject } from "vitest/node";

export interface PostgresTargetInfo {
  /** URL of the scratch database the Postgres contract suite owns for this run. */
  url: string;
  /** What is behind the URL, for the test names. */
  server: "postgresql" | "pglite-socket";
}

declare module "vitest" {
  export interface ProvidedContext {
    postgresTarget: PostgresTargetInfo;
  }
}

const LOCAL_SERVER_URL = "postgres://root@127.0.0.1:5432/test";

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject) {
  const explicitUrl = process.env.TEST_DATABASE_URL;
  const adminUrl = explicitUrl || LOCAL_SERVER_URL;

  if (await answers(adminUrl)) {
    const name = `embed_test_${randomBytes(6).toString("hex")}`;
    await withClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    project.provide("postgresTarget", { url: url.toString(), server: "postgresql" });
    return async () => {
      await withClient(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    };
  }

  if (explicitUrl) {
    throw new Error("TEST_DATABASE_URL is set but no PostgreSQL server answers there.");
  }
  if (process.env.EMBED_TEST_REQUIRE_POSTGRES === "1") {
    throw new Error(
      `EMBED_TEST_REQUIRE_POSTGRES=1 but no PostgreSQL server answers at ${LOCAL_SERVER_URL} ` +
        "(set TEST_DATABASE_URL to an admin URL). Refusing to fall back to pglite-socket.",
    );
  }

  const pglite = await PGlite.create();
  const server = new PGLiteSocketServer({ db: pglite, port: 0, maxConnections: 8 });
  await server.start();
  project.provide("postgresTarget", {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    server: "pglite-socket",
  });
  return async () => {
    await server.stop();
    await pglite.close();
  };
}
