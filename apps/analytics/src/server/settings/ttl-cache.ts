import "server-only";

/**
 * One value, reloaded when older than `ttlMs`. Concurrent callers share one load, and a failed
 * load is not cached. Only for values where a few seconds of staleness is harmless: the source
 * of truth stays in the app database, shared by every server.
 */
export class TtlCache<T> {
  private entry: { value: Promise<T>; loadedAt: number } | undefined;

  constructor(private readonly ttlMs: number) {}

  get(load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    if (this.entry && now - this.entry.loadedAt < this.ttlMs) return this.entry.value;
    const value = load();
    const entry = { value, loadedAt: now };
    this.entry = entry;
    value.catch(() => {
      if (this.entry === entry) this.entry = undefined;
    });
    return value;
  }

  clear(): void {
    this.entry = undefined;
  }
}
