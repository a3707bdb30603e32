import "server-only";
import { createHash } from "node:crypto";
import {
  type CompiledQuery,
  executeQuery,
  type QueryResult,
  type QueryStream,
  streamQuery,
} from "@embed/query";
import { LRUCache } from "lru-cache";
import { processWide } from "../process-wide";
import { getSettings } from "../settings/settings";
import type { Warehouse } from "../warehouse/warehouses";
import { acquireQuerySlot } from "./acquire-query-slot";
import { estimateBytes } from "./estimate-bytes";

export interface RunResult extends QueryResult {
  cached: boolean;
  durationMs: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  useCache?: boolean;
  /** Whom the heavy-query limit counts this against (a viewer's `queryLimitKey`). */
  limitKey: string;
}

/**
 * Results by everything that determines them: the data source's data version and the exact SQL
 * and bound parameters. The viewer's policy is compiled INTO that SQL (their row filters, their
 * attribute values as parameters, their visible columns), so two viewers share an entry only when
 * they would see exactly the same rows — a cache hit can never cross a policy.
 *
 * Process memory is fine here: a cache miss is only slower, never wrong. Several servers would
 * each warm their own (or share Redis later). Bounded by the estimated bytes of the results it
 * holds (`queryCacheMaxBytes`), least recently used evicted first; a result larger than an
 * eighth of the budget is not cached at all.
 */
const MAX_ENTRIES = 500;
const MAX_ENTRY_SHARE = 1 / 8;
const holder = processWide("resultCache", () => ({
  cache: null as LRUCache<string, QueryResult> | null,
}));

/** The cache for a byte budget (a new, empty one when the budget changed); null when 0. */
export function resultCacheFor(maxBytes: number): LRUCache<string, QueryResult> | null {
  if (maxBytes <= 0) return null;
  if (holder.cache?.maxSize !== maxBytes) {
    holder.cache = new LRUCache<string, QueryResult>({
      max: MAX_ENTRIES,
      maxSize: maxBytes,
      maxEntrySize: Math.max(1, Math.floor(maxBytes * MAX_ENTRY_SHARE)),
      sizeCalculation: (result) => Math.max(1, estimateBytes(result.rows) + 256),
    });
  }
  return holder.cache;
}

// Keys already computed, by compiled query: compiled content queries are shared and frozen per
// configuration version (content.ts's `compileOnce`), so a warm request does not hash again.
const keysByQuery = new WeakMap<CompiledQuery, { dataVersion: string; key: string }>();

function cacheKey(warehouse: Warehouse, compiled: CompiledQuery): string {
  const known = keysByQuery.get(compiled);
  if (known?.dataVersion === warehouse.dataVersion) return known.key;
  const key = hashKey(warehouse, compiled);
  // Only a frozen query is sure to keep the SQL and parameters this key was computed from.
  if (Object.isFrozen(compiled) && Object.isFrozen(compiled.parameters))
    keysByQuery.set(compiled, { dataVersion: warehouse.dataVersion, key });
  return key;
}

function hashKey(warehouse: Warehouse, compiled: CompiledQuery): string {
  const material = JSON.stringify(
    [warehouse.dataVersion, compiled.dialect, compiled.sql, compiled.parameters, compiled.maxRows],
    (_key, value) => (typeof value === "bigint" ? value.toString() : value),
  );
  return createHash("sha256").update(material).digest("hex");
}

/**
 * Runs compiled SQL with the server's time budget, cancellation and result cache. A cache miss
 * takes one of the session's heavy-query slots while it runs (429 `too_many_queries` beyond).
 */
export async function runCompiledQuery(
  warehouse: Warehouse,
  compiled: CompiledQuery,
  options: RunOptions,
): Promise<RunResult> {
  const settings = await getSettings();
  const started = performance.now();
  const results =
    (options.useCache ?? true) && settings.queryCacheTtlSeconds > 0
      ? resultCacheFor(settings.queryCacheMaxBytes)
      : null;
  const key = results ? cacheKey(warehouse, compiled) : "";
  const hit = results?.get(key);
  if (hit) return { ...hit, cached: true, durationMs: performance.now() - started };

  const release = acquireQuerySlot(options.limitKey, settings.maxConcurrentQueries);
  try {
    const result = await executeQuery(warehouse.driver, compiled, {
      timeoutMs: settings.queryTimeoutSeconds * 1000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    results?.set(key, result, { ttl: settings.queryCacheTtlSeconds * 1000 });
    return { ...result, cached: false, durationMs: performance.now() - started };
  } finally {
    release();
  }
}

/**
 * Opens compiled SQL as a cursor (exports): never from or into the result cache, holding one of
 * the session's heavy-query slots until the stream is closed — which the caller must do on
 * completion, error and abort alike.
 */
export async function streamCompiledQuery(
  warehouse: Warehouse,
  compiled: CompiledQuery,
  options: Omit<RunOptions, "useCache">,
): Promise<QueryStream> {
  const settings = await getSettings();
  const release = acquireQuerySlot(options.limitKey, settings.maxConcurrentQueries);
  try {
    const stream = await streamQuery(warehouse.driver, compiled, {
      timeoutMs: settings.queryTimeoutSeconds * 1000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return {
      columns: stream.columns,
      read: () => stream.read(),
      get rowCount() {
        return stream.rowCount;
      },
      get truncated() {
        return stream.truncated;
      },
      close: async () => {
        try {
          await stream.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** Empties the result cache (tests, and after a data source is re-synced). */
export function clearResultCache(): void {
  holder.cache?.clear();
}
