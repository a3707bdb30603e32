import "server-only";
import { processWide } from "../process-wide";

/**
 * Values read from the app database's configuration (policies, dashboards, grants), cached in
 * this process under the configuration version they were read at. The version comes from the
 * same round trip that authenticates the request (`findSession`) and database triggers raise it
 * on every configuration write, so an admin's change holds on every server from the next request
 * — no time-based staleness, and no configuration queries while nothing changes.
 *
 * A `null` version means "do not cache" (e.g. an admin's preview, which must see the database).
 * Concurrent callers share one load; a failed load is not kept.
 */
export class ConfigCache<V> {
  private readonly entries = new Map<string, { version: bigint; value: Promise<V> }>();

  constructor(private readonly maxEntries = 2_000) {}

  get(key: string, version: string | null, load: () => Promise<V>): Promise<V> {
    if (version === null) return load();
    const asked = BigInt(version);
    const entry = this.entries.get(key);
    if (entry?.version === asked) return entry.value;
    // A request that read an older version than the cached entry's is answered, not cached:
    // the newer entry stays for the requests to come.
    if (entry && entry.version > asked) return load();
    if (!entry && this.entries.size >= this.maxEntries) this.entries.clear();
    const fresh = { version: asked, value: load() };
    this.entries.set(key, fresh);
    fresh.value.catch(() => {
      if (this.entries.get(key) === fresh) this.entries.delete(key);
    });
    return fresh.value;
  }
}

/**
 * The process-wide cache called `name`: every route, on either path, shares (and sees invalidated)
 * the same entries.
 */
export function sharedConfigCache<V>(name: string): ConfigCache<V> {
  return processWide(`configCache.${name}`, () => new ConfigCache<V>());
}
