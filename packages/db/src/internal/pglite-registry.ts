import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";

interface Entry {
  instance: Promise<PGlite>;
  refs: number;
}

// PGlite cannot open one folder twice (it would corrupt it), so every open of a folder in this
// process shares one instance, counted by reference. The map lives on globalThis so that module
// copies (Next.js dev reloads, two bundles of this package) still find the same instance.
const REGISTRY_KEY = Symbol.for("@embed/db/pglite-instances");
type Registry = { open: Map<string, Entry>; closing: Map<string, Promise<void>> };
type GlobalWithRegistry = typeof globalThis & { [REGISTRY_KEY]?: Registry };

function registry(): Registry {
  const global = globalThis as GlobalWithRegistry;
  global[REGISTRY_KEY] ??= { open: new Map(), closing: new Map() };
  return global[REGISTRY_KEY];
}

export interface PgliteLease {
  readonly pglite: PGlite;
  readonly path: string;
  /** Gives the lease back; the last one closes the database. */
  release(): Promise<void>;
}

/** Opens (or joins) the PGlite database stored in `dir`. */
export async function acquirePglite(dir: string): Promise<PgliteLease> {
  const path = resolve(dir);
  const { open: instances, closing } = registry();
  let entry = instances.get(path);
  if (!entry) {
    const previousClose = closing.get(path);
    const instance = (async () => {
      await previousClose?.catch(() => undefined);
      await mkdir(path, { recursive: true });
      const pglite = new PGlite(path);
      await pglite.waitReady;
      return pglite;
    })();
    entry = { instance, refs: 0 };
    instances.set(path, entry);
    // A failed open must not stay cached, or every later open would fail the same way.
    instance.catch(() => {
      if (instances.get(path) === entry) instances.delete(path);
    });
  }
  entry.refs += 1;
  const current = entry;
  let pglite: PGlite;
  try {
    pglite = await current.instance;
  } catch (error) {
    current.refs -= 1;
    throw error;
  }
  let isReleased = false;
  return {
    pglite,
    path,
    async release() {
      if (isReleased) return;
      isReleased = true;
      current.refs -= 1;
      if (current.refs > 0) return;
      if (instances.get(path) === current) instances.delete(path);
      const closed = pglite.close();
      closing.set(path, closed);
      try {
        await closed;
      } finally {
        if (closing.get(path) === closed) closing.delete(path);
      }
    },
  };
}
