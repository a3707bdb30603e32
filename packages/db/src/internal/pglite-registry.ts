import { resolve } from "node:path";
import type pg from "pg";
import { type PgliteServer, startPgliteServer } from "./pglite-server.js";

interface Entry {
  server: Promise<PgliteServer>;
  refs: number;
}

// PGlite cannot open one folder twice (it would corrupt it), and every connection to one
// instance shares its single session, so every open of a folder in this process shares one
// server and its pool of one connection, counted by reference. The map lives on globalThis so
// that module copies (Next.js dev reloads, two bundles of this package) still find the same one.
const REGISTRY_KEY = Symbol.for("@embed/db/pglite-servers");
type Registry = { open: Map<string, Entry>; closing: Map<string, Promise<void>> };
type GlobalWithRegistry = typeof globalThis & { [REGISTRY_KEY]?: Registry };

function registry(): Registry {
  const global = globalThis as GlobalWithRegistry;
  global[REGISTRY_KEY] ??= { open: new Map(), closing: new Map() };
  return global[REGISTRY_KEY];
}

export interface PgliteLease {
  /** The shared pool of one connection to the folder's PGlite (in its worker thread). */
  readonly pool: pg.Pool;
  /** For a `pg` pool of its own; keep it at one connection (PGlite has one session). */
  readonly connectionString: string;
  readonly path: string;
  /** Gives the lease back; the last one closes the database. */
  release(): Promise<void>;
}

/** Opens (or joins) the PGlite database stored in `dir`, served from a worker thread. */
export async function acquirePglite(dir: string): Promise<PgliteLease> {
  const path = resolve(dir);
  const { open: instances, closing } = registry();
  let entry = instances.get(path);
  if (!entry) {
    const previousClose = closing.get(path);
    const server = (async () => {
      await previousClose?.catch(() => undefined);
      return startPgliteServer(path);
    })();
    entry = { server, refs: 0 };
    instances.set(path, entry);
    // A failed open must not stay cached, or every later open would fail the same way.
    server.catch(() => {
      if (instances.get(path) === entry) instances.delete(path);
    });
  }
  entry.refs += 1;
  const current = entry;
  let server: PgliteServer;
  try {
    server = await current.server;
  } catch (error) {
    current.refs -= 1;
    throw error;
  }
  let isReleased = false;
  return {
    pool: server.pool,
    connectionString: server.connectionString,
    path,
    async release() {
      if (isReleased) return;
      isReleased = true;
      current.refs -= 1;
      if (current.refs > 0) return;
      if (instances.get(path) === current) instances.delete(path);
      const closed = server.close();
      closing.set(path, closed);
      try {
        await closed;
      } finally {
        if (closing.get(path) === closed) closing.delete(path);
      }
    },
  };
}
