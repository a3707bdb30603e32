// The analytics server's production entry point: `node start.mjs --port 3000`.
//
// Runs server.mjs (Next.js behind our node:http server, with the lean path for the hot routes) in
// EMBED_WORKERS worker processes (default 1) under a supervisor. With
// several workers they share the port through node:cluster, so a server can use every core: a
// Next.js route costs ~1.5 ms of CPU on its event loop, and one process tops out near one core.
// With one worker there is nothing to share: it is a plain child process that listens and accepts
// connections itself, without cluster's round trip through the supervisor for every connection.
// Arguments are passed on to server.mjs, which takes `next start`'s (--port, --hostname…).
// The supervisor only supervises:
// - the first worker starts alone and runs the startup tasks (migrations, first admin, demo
//   seed); the others start when it reports them done, so they never race;
// - a worker that dies before the server was ever ready stops the server with its exit code (a
//   failed migration must never leave a server half up); any later death is replaced, at once
//   the first time, then after a delay that doubles per quick death up to a minute (a crash loop
//   backs off and keeps trying, and says so, instead of stopping the server for good);
// - SIGTERM/SIGINT stop every worker, then the supervisor.
//
// Several workers need the app database and the warehouses on PostgreSQL: the embedded PGlite
// databases belong to one process (the server's environment check refuses the combination).
import { fork as forkProcess } from "node:child_process";
import cluster from "node:cluster";
import { fileURLToPath } from "node:url";

/**
 * V8 flags of every worker. A larger young generation means fewer scavenges per request:
 * Next.js allocates a lot per request, and 32 MB lifts SSO exchanges/s by a fifth on two cores
 * for ~64 MB more memory per worker at most.
 */
const WORKER_NODE_FLAGS = ["--max-semi-space-size=32"];
/**
 * Idle keep-alive connections stay open this long (Node's default is 5 s): browsers and load
 * balancers reuse them (most close theirs after 60 s), instead of queueing for a new connection.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Replacing a worker that keeps dying waits 1 s, then 2 s, 4 s… up to this. */
const MAX_RESTART_DELAY_MS = 60_000;
/** A worker that served this long before dying restarts at once: it was not a crash loop. */
const HEALTHY_UPTIME_MS = 60_000;

const workers = workerCount(process.env.EMBED_WORKERS);
const serverEntry = fileURLToPath(new URL("./server.mjs", import.meta.url));
const serverArgs = withKeepAlive(process.argv.slice(2));
const execArgv = [...process.execArgv, ...WORKER_NODE_FLAGS];

if (workers > 1) cluster.setupPrimary({ exec: serverEntry, args: serverArgs, execArgv });

let stopping = false;
let everReady = false;
/** Deaths in a row of workers that did not live HEALTHY_UPTIME_MS. */
let quickDeaths = 0;
let restartTimer;
let pendingRestarts = 0;
/** Each running worker's ChildProcess. */
const running = new Set();

function startWorker() {
  // One worker: a plain child that accepts its own connections. Several: cluster workers.
  const worker =
    workers === 1 ? forkProcess(serverEntry, serverArgs, { execArgv }) : cluster.fork();
  const child = workers === 1 ? worker : worker.process;
  running.add(child);
  const startedAt = Date.now();
  let isReady = false;
  // Sent by the server's startup (src/server/startup.ts) once its tasks are done.
  worker.on("message", (message) => {
    if (message?.type !== "embed:ready" || isReady) return;
    isReady = true;
    if (!everReady) {
      everReady = true;
      // The first worker has run the startup tasks: the others may start now.
      for (let i = 1; i < workers; i++) startWorker();
    }
  });
  worker.once("exit", (code, signal) => {
    running.delete(child);
    if (stopping) return;
    if (!everReady) {
      // Startup failed (invalid environment, failed migration…): the worker said why.
      stopAll(code ?? 1);
      return;
    }
    const how = signal ?? `exit ${code}`;
    quickDeaths = Date.now() - startedAt >= HEALTHY_UPTIME_MS ? 1 : quickDeaths + 1;
    if (quickDeaths === 1) {
      console.error(`analytics: a worker died (${how}); starting another.`);
      startWorker();
      return;
    }
    const delay = Math.min(1000 * 2 ** (quickDeaths - 2), MAX_RESTART_DELAY_MS);
    console.error(
      `analytics: a worker died (${how}), ${quickDeaths} in a row within a minute of starting; ` +
        `backing off: starting another in ${delay / 1000} s.`,
    );
    // Replacements wait behind one timer: workers that die together back off together.
    pendingRestarts += 1;
    clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      const count = pendingRestarts;
      pendingRestarts = 0;
      for (let i = 0; i < count; i++) startWorker();
    }, delay);
  });
}

function stopAll(exitCode) {
  stopping = true;
  clearTimeout(restartTimer);
  if (running.size === 0) process.exit(exitCode);
  let remaining = running.size;
  for (const child of running) {
    child.once("exit", () => {
      if (--remaining === 0) process.exit(exitCode);
    });
    child.kill("SIGTERM");
  }
  // A worker that ignores SIGTERM does not hold the server hostage.
  setTimeout(() => process.exit(exitCode), 10_000).unref();
}

/** The worker's arguments, with the keep-alive timeout unless the caller gave one. */
function withKeepAlive(args) {
  if (args.some((arg) => arg.startsWith("--keepAliveTimeout"))) return args;
  return [...args, "--keepAliveTimeout", String(KEEP_ALIVE_TIMEOUT_MS)];
}

// The server's environment check (src/env.ts) is where EMBED_WORKERS is validated: given a value
// it would refuse, one worker starts, refuses it with the server's own message, and the
// supervisor exits with its code.
function workerCount(value) {
  const count = Number(value || 1);
  return Number.isInteger(count) && count >= 1 && count <= 64 ? count : 1;
}

process.on("SIGTERM", () => stopAll(0));
process.on("SIGINT", () => stopAll(0));
startWorker();
