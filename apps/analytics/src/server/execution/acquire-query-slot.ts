import "server-only";
import { ApiError } from "../http/api-error";
import { processWide } from "../process-wide";

/** Seconds a refused client is told to wait: heavy queries usually finish within that. */
const RETRY_AFTER_SECONDS = 2;

/**
 * Heavy queries (cache misses and exports) running now, by who runs them: a session, a guest
 * token's hash, or an admin user. Process-local on purpose: a slot must be released at once and
 * for certain when its query ends, which a shared store cannot promise if a worker dies. With
 * EMBED_WORKERS > 1 (or several instances) each process enforces the limit on its own, so one
 * session may run up to limit × processes at once.
 */
const running = processWide("runningQueries", () => new Map<string, number>());

/**
 * Takes one of `limit` slots for `key`, or refuses with 429 `too_many_queries` and Retry-After.
 * Call the returned function when the query ends in any way (completion, error, abort); calling
 * it again does nothing.
 * @example
 * const release = acquireQuerySlot(viewer.queryLimitKey, settings.maxConcurrentQueries);
 * try { return await run(); } finally { release(); }
 */
export function acquireQuerySlot(key: string, limit: number): () => void {
  const count = running.get(key) ?? 0;
  if (count >= limit) {
    throw new ApiError(
      "too_many_queries",
      429,
      `At most ${limit} queries may run at once for one session; retry when one has finished.`,
      { headers: { "retry-after": String(RETRY_AFTER_SECONDS) } },
    );
  }
  running.set(key, count + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (running.get(key) ?? 1) - 1;
    if (left > 0) running.set(key, left);
    else running.delete(key);
  };
}

/** Queries running now for `key` (tests and diagnostics). */
export function runningQueries(key: string): number {
  return running.get(key) ?? 0;
}
