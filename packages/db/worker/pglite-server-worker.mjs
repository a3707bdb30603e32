// Runs one embedded PGlite database in a worker thread and serves it over the PostgreSQL wire
// protocol on a Unix socket (see src/internal/pglite-server.ts, which starts it; without a
// socket path it only creates the folder). PGlite executes each statement synchronously in
// WebAssembly; here that blocks this thread, not the server's event loop, and the server talks
// to it with the ordinary `pg` driver.
//
// Plain JavaScript, not bundled: Node loads it as the Worker's entry file from the package.
import { mkdir } from "node:fs/promises";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/** @type {{ dataDir: string; socketPath: string | undefined; closedFlag: SharedArrayBuffer; postgresqlconf: string[] }} */
const { dataDir, socketPath, closedFlag, postgresqlconf } = workerData;
const closed = new Int32Array(closedFlag);

let db;
let server;
try {
  await mkdir(dataDir, { recursive: true });
  db = await PGlite.create(dataDir, { postgresqlconf });
  if (socketPath === undefined) {
    // Only create the folder (initdb): closed here, then the opener ends this thread.
    await db.close();
  } else {
    // Every connection shares PGlite's one session; the opener keeps one connection at a time
    // (a pool of one). The spare slots only let a replacement connect while the old one closes.
    server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 4 });
    await server.start();
  }
  parentPort.postMessage({ type: "ready" });
} catch (error) {
  await db?.close().catch(() => undefined);
  parentPort.postMessage({ type: "failed", message: String(error?.stack ?? error) });
  signalClosed();
}

let isClosing = false;
parentPort.on("message", (message) => {
  if (message?.type !== "close" || isClosing) return;
  isClosing = true;
  closeDatabase()
    .then(
      () => parentPort.postMessage({ type: "closed" }),
      (error) => parentPort.postMessage({ type: "closed", message: String(error?.stack ?? error) }),
    )
    .finally(signalClosed);
});

async function closeDatabase() {
  try {
    await server?.stop();
  } finally {
    // A clean shutdown: PGlite checkpoints and closes its files, so the next open needs no
    // recovery.
    if (db && !db.closed) await db.close();
  }
}

/** Wakes a main thread that waits synchronously for the close (at process exit). */
function signalClosed() {
  Atomics.store(closed, 0, 1);
  Atomics.notify(closed, 0);
}
