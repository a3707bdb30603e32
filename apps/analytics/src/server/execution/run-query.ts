import "server-only";
import { createHash } from "node:crypto";
import { type CompiledQuery, executeQuery, type QueryResult } from "@embed/query";
import { getSettings } from "../settings/settings";
import type { Warehouse } from "../warehouse/warehouses";

export interface RunResult extends QueryResult {
  cached: boolean;
  durationMs: number;
}

/**
 * Results by everything that determines them: the data source's data version and the exact SQL
 * and bound parameters. The viewer's policy is compiled INTO that SQL (their row filters, their
 * attribute values as parameters, their visible columns), so two viewers share an entry only when
 * they would see exactly the same rows — a cache hit can never cross a policy.
 *
 * Process memory is fine here: a cache miss is only slower, never wrong. Several servers would
 * each warm their own (or share Redis later).
 */
const MAX_ENTRIES = 500;
const cache = new Map<string, { expiresAt: number; result: QueryResult }>();

function cacheKey(warehouse: Warehouse, compiled: CompiledQuery): string {
  const material = JSON.stringify(
    [warehouse.dataVersion, compiled.dialect, compiled.sql, compiled.parameters, compiled.maxRows],
    (_key, value) => (typeof value === "bigint" ? value.toString() : value),
  );
  return createHash("sha256").update(material).digest("hex");
}

/** Runs compiled SQL with the server's time budget, cancellation and result cache. */
export async function runCompiledQuery(
  warehouse: Warehouse,
  compiled: CompiledQuery,
  options: { signal?: AbortSignal; useCache?: boolean } = {},
): Promise<RunResult> {
  const settings = await getSettings();
  const started = performance.now();
  const useCache = (options.useCache ?? true) && settings.queryCacheTtlSeconds > 0;
  const key = useCache ? cacheKey(warehouse, compiled) : "";
  if (useCache) {
    const hit = cache.get(key);
    if (hit && hit.expiresAt > Date.now()) {
      // Refresh its place: the Map's order is the eviction order.
      cache.delete(key);
      cache.set(key, hit);
      return { ...hit.result, cached: true, durationMs: performance.now() - started };
    }
  }

  const result = await executeQuery(warehouse.driver, compiled, {
    timeoutMs: settings.queryTimeoutSeconds * 1000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (useCache) {
    cache.set(key, { expiresAt: Date.now() + settings.queryCacheTtlSeconds * 1000, result });
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  }
  return { ...result, cached: false, durationMs: performance.now() - started };
}

/** Empties the result cache (tests, and after a data source is re-synced). */
export function clearResultCache(): void {
  cache.clear();
}
