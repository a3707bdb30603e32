import { join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client.js";
import { acquirePglite } from "./internal/pglite-registry.js";
import { createPostgresSqlDriver } from "./internal/sql-driver.js";
import { registerSqlDriver } from "./internal/sql-driver-registry.js";

/** Where this package reports what it did. `console` fits. */
export interface AppDatabaseLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface OpenAppDatabaseOptions {
  /**
   * A `postgres://` or `postgresql://` URL. Omitted: the embedded PGlite database in
   * `<dataDir>/app`. A Prisma-style `connection_limit` parameter sets the pool size.
   */
  databaseUrl?: string | undefined;
  /** Folder of the embedded databases; the app database lives in its `app` subfolder. */
  dataDir: string;
  log?: AppDatabaseLogger | undefined;
}

export interface AppDatabase {
  readonly prisma: PrismaClient;
  readonly kind: "pglite" | "postgres";
  /** Disconnects. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens the app database: embedded PGlite when no URL is given, PostgreSQL otherwise. It does
 * not migrate; call `migrateAppDatabase` next.
 *
 * @example
 * const db = await openAppDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.EMBED_DATA_DIR });
 * await migrateAppDatabase(db);
 * const users = await db.prisma.user.count();
 */
export async function openAppDatabase(options: OpenAppDatabaseOptions): Promise<AppDatabase> {
  const { databaseUrl, dataDir, log } = options;
  if (databaseUrl === undefined) return openPglite(join(dataDir, "app"));
  return openPostgres(parsePostgresUrl(databaseUrl), log);
}

async function openPglite(dir: string): Promise<AppDatabase> {
  // PGlite runs in a worker thread and speaks the PostgreSQL protocol: from here on it is the
  // PostgreSQL code path, through a shared pool of one connection (PGlite has one session).
  const lease = await acquirePglite(dir);
  const prisma = new PrismaClient({ adapter: new PrismaPg(lease.pool) });
  let closing: Promise<void> | undefined;
  const db: AppDatabase = {
    prisma,
    kind: "pglite",
    close() {
      closing ??= prisma.$disconnect().finally(() => lease.release());
      return closing;
    },
  };
  registerSqlDriver(db, createPostgresSqlDriver(lease.pool));
  return db;
}

function openPostgres(
  { connectionString, maxConnections }: ParsedPostgresUrl,
  log: AppDatabaseLogger | undefined,
): AppDatabase {
  const pool = new pg.Pool({ connectionString, max: maxConnections });
  // An idle connection dropped by the server emits 'error' on the pool; unhandled, it would end
  // the process. The pool replaces the connection on the next checkout.
  pool.on("error", (error) => log?.warn(`App database connection error: ${error.message}`));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  let closing: Promise<void> | undefined;
  const db: AppDatabase = {
    prisma,
    kind: "postgres",
    close() {
      closing ??= prisma.$disconnect().finally(() => pool.end());
      return closing;
    },
  };
  registerSqlDriver(db, createPostgresSqlDriver(pool));
  return db;
}

interface ParsedPostgresUrl {
  connectionString: string;
  maxConnections: number | undefined;
}

function parsePostgresUrl(databaseUrl: string): ParsedPostgresUrl {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    // Never echo the value: it may hold a password.
    throw new Error(
      "The app database URL is not a valid URL. Expected postgres://user:password@host:5432/database, " +
        "or no URL at all for the embedded database.",
    );
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new Error(
      `The app database URL uses the unsupported scheme "${url.protocol}". ` +
        "Expected postgres:// or postgresql://, or no URL at all for the embedded database.",
    );
  }
  const limit = url.searchParams.get("connection_limit");
  url.searchParams.delete("connection_limit");
  const maxConnections = limit === null ? undefined : Number(limit);
  if (maxConnections !== undefined && !(Number.isInteger(maxConnections) && maxConnections > 0)) {
    throw new Error(`connection_limit in the app database URL must be a positive integer.`);
  }
  return { connectionString: url.toString(), maxConnections };
}
