// The analytics server's production entry point: `node start.mjs --port 3000`.
//
// Runs `next start` in EMBED_WORKERS worker processes (default 1) that share the port through
// node:cluster, so a server can use every core: a Next.js route costs ~1.5 ms of CPU on its
// event loop, and one process tops out near one core. The primary process only supervises:
// - the first worker starts alone and runs the startup tasks (migrations, first admin, demo
//   seed); the others start when it reports them done, so they never race;
// - a worker that dies before reporting ready stops the server with its exit code (a failed
//   migration must never leave a server half up); one that dies later is replaced;
// - SIGTERM/SIGINT stop every worker, then the primary.
//
// Several workers need the app database and the warehouses on PostgreSQL: the embedded PGlite
// databases belong to one process (the server's environment check refuses the combination).
import cluster from "node:cluster";
import { createRequire } from "node:module";

/**
 * V8 flags of every worker. A larger young generation means fewer scavenges per request:
 * Next.js allocates a lot per request, and 32 MB lifts SSO exchanges/s by a fifth on two cores
 * for ~64 MB more memory per worker.
 */
const WORKER_NODE_FLAGS = ["--max-semi-space-size=32"];
/** Replacement of crashed workers stops when they crash this often: something is wrong. */
const MAX_RESTARTS_PER_MINUTE = 5;

const workers = workerCount(process.env.EMBED_WORKERS);
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

cluster.setupPrimary({
  exec: nextBin,
  args: ["start", ...process.argv.slice(2)],
  execArgv: [...process.execArgv, ...WORKER_NODE_FLAGS],
});

let stopping = false;
let everReady = false;
const restarts = [];

function fork() {
  const worker = cluster.fork();
  let isReady = false;
  // Sent by the server's startup (src/server/startup.ts) once its tasks are done.
  worker.on("message", (message) => {
    if (message?.type !== "embed:ready" || isReady) return;
    isReady = true;
    if (!everReady) {
      everReady = true;
      // The first worker has run the startup tasks: the others may start now.
      for (let i = 1; i < workers; i++) fork();
    }
  });
  worker.once("exit", (code, signal) => {
    if (stopping) return;
    if (!isReady) {
      // Startup failed (invalid environment, failed migration…): the worker said why.
      stopAll(code ?? 1);
      return;
    }
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && now - restarts[0] > 60_000) restarts.shift();
    if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
      console.error(`analytics: workers keep dying (last: ${signal ?? `exit ${code}`}); stopping.`);
      stopAll(1);
      return;
    }
    console.error(`analytics: a worker died (${signal ?? `exit ${code}`}); starting another.`);
    fork();
  });
}

function stopAll(exitCode) {
  stopping = true;
  const alive = Object.values(cluster.workers ?? {}).filter(Boolean);
  if (alive.length === 0) process.exit(exitCode);
  let remaining = alive.length;
  for (const worker of alive) {
    worker.once("exit", () => {
      if (--remaining === 0) process.exit(exitCode);
    });
    worker.process.kill("SIGTERM");
  }
  // A worker that ignores SIGTERM does not hold the server hostage.
  setTimeout(() => process.exit(exitCode), 10_000).unref();
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
fork();
