import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import pg from "pg";

/**
 * PostgreSQL settings of every embedded instance. PGlite's defaults are a server's (128 MB of
 * shared buffers, 4 MB per sort): an embedded database of a few MB needs a fraction of that,
 * and each MB of buffers is a MB of WebAssembly memory that never shrinks.
 */
const POSTGRESQL_CONF = ["shared_buffers=16MB", "work_mem=4MB", "temp_buffers=1MB"];

/** How long process exit waits for PGlite to close its files. */
const EXIT_CLOSE_TIMEOUT_MS = 5_000;

/** The socket file name pg looks for in a socket directory (port 5432). */
const SOCKET_PORT = 5432;

export interface PgliteServer {
  /** A pool of ONE connection: every connection to PGlite shares its single session. */
  readonly pool: pg.Pool;
  /** For a `pg` client or pool of its own (which must also keep one connection). */
  readonly connectionString: string;
  /** Stops serving, closes PGlite cleanly and ends the thread. Safe to call twice. */
  close(): Promise<void>;
}

type ExitHook = () => void;
const EXIT_HOOKS = Symbol.for("@embed/db/pglite-server-exit-hooks");
type GlobalWithHooks = typeof globalThis & { [EXIT_HOOKS]?: Set<ExitHook> };

/** Synchronous closes to run when the process exits (Next.js exits on SIGTERM, for one). */
function exitHooks(): Set<ExitHook> {
  const global = globalThis as GlobalWithHooks;
  if (!global[EXIT_HOOKS]) {
    const hooks = new Set<ExitHook>();
    global[EXIT_HOOKS] = hooks;
    process.on("exit", () => {
      for (const hook of hooks) hook();
    });
  }
  return global[EXIT_HOOKS];
}

function workerEntry(): string {
  return createRequire(import.meta.url).resolve("@embed/db/pglite-server-worker");
}

/** A worker thread on `dataDir`: it serves it on `socketPath`, or only creates it when none. */
function spawnWorker(dataDir: string, socketPath: string | undefined) {
  const closedFlag = new SharedArrayBuffer(4);
  const worker = new Worker(workerEntry(), {
    workerData: { dataDir, socketPath, closedFlag, postgresqlconf: POSTGRESQL_CONF },
  });
  // The thread must not keep a finished process alive; the exit hook still closes it.
  worker.unref();
  const exited = new Promise<number>((resolve) => worker.once("exit", resolve));
  const ready = new Promise<void>((resolve, reject) => {
    worker.on("message", (message: { type: string; message?: string }) => {
      if (message.type === "ready") resolve();
      if (message.type === "failed") {
        reject(
          new Error(`The embedded database in ${dataDir} could not start: ${message.message}`),
        );
      }
    });
    worker.once("error", reject);
    void exited.then((code) =>
      reject(new Error(`The embedded database thread for ${dataDir} exited (${code}).`)),
    );
  });
  return { worker, ready, exited, closed: new Int32Array(closedFlag) };
}

/**
 * Starts the PGlite database stored in `dataDir` in a worker thread, served over the PostgreSQL
 * wire protocol on a Unix socket in a private (0700) temporary folder, and connects a pool of one
 * to it. Queries then cost this thread only the `pg` driver's parsing; PostgreSQL itself runs on
 * another core. Open a folder through one server only (see pglite-registry.ts).
 */
export async function startPgliteServer(dataDir: string): Promise<PgliteServer> {
  // initdb grows PGlite's WebAssembly memory to ~750 MB, and that memory never shrinks: a new
  // folder is created by a thread of its own, which ends, and then served by a fresh one.
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    const creator = spawnWorker(dataDir, undefined);
    try {
      await creator.ready;
    } finally {
      await creator.worker.terminate();
    }
  }
  const socketDir = await mkdtemp(join(tmpdir(), "embed-pglite-"));
  const { worker, ready, exited, closed } = spawnWorker(
    dataDir,
    join(socketDir, `.s.PGSQL.${SOCKET_PORT}`),
  );
  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    await rm(socketDir, { recursive: true, force: true });
    throw error;
  }

  const connectionString = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}&port=${SOCKET_PORT}`;
  const pool = new pg.Pool({
    host: socketDir,
    port: SOCKET_PORT,
    user: "postgres",
    database: "postgres",
    max: 1,
    // Reconnecting costs a startup handshake on PGlite's thread: keep the one connection.
    idleTimeoutMillis: 0,
    allowExitOnIdle: true,
    // A replacement connection joins the session its predecessor used: statements that one
    // prepared by name would collide with this client's (pg tracks them per connection).
    onConnect: async (client) => {
      await client.query("DEALLOCATE ALL");
    },
  });
  pool.on("error", () => undefined);

  const exitHook: ExitHook = () => {
    if (Atomics.load(closed, 0) === 1) return;
    worker.postMessage({ type: "close" });
    // The worker runs its own event loop: it closes PGlite while this thread waits.
    Atomics.wait(closed, 0, 0, EXIT_CLOSE_TIMEOUT_MS);
  };
  exitHooks().add(exitHook);

  let closing: Promise<void> | undefined;
  // Not expected (PGlite aborted): every query now fails with a connection error; say why.
  void exited.then((code) => {
    if (!closing) console.error(`The embedded database thread for ${dataDir} ended (${code}).`);
  });
  return {
    pool,
    connectionString,
    close() {
      closing ??= (async () => {
        await pool.end().catch(() => undefined);
        const done = new Promise<string | undefined>((resolve) => {
          worker.on("message", (message: { type: string; message?: string }) => {
            if (message.type === "closed") resolve(message.message);
          });
          void exited.then(() => resolve(undefined));
        });
        worker.postMessage({ type: "close" });
        const failure = await done;
        exitHooks().delete(exitHook);
        await worker.terminate();
        await rm(socketDir, { recursive: true, force: true });
        if (failure)
          throw new Error(`The embedded database in ${dataDir} did not close cleanly: ${failure}`);
      })();
      return closing;
    },
  };
}
