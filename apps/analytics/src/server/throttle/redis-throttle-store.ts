import "server-only";
import type { Redis } from "ioredis";
import type { ThrottleEntry, ThrottleRule, ThrottleStore } from "./throttle-store";

/** How long a key outlives its last window or lockout: growing lockouts are remembered a day. */
export const THROTTLE_MEMORY_MS = 24 * 60 * 60_000;

// The same rule as the database store's upsert, atomic because Redis runs a script alone.
// A hash per key: f failures, w window start (ms), b blocked until (ms, 0 = not), l lockouts.
const RECORD_FAILURE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local base = tonumber(ARGV[4])
local longest = tonumber(ARGV[5])
local keep = tonumber(ARGV[6])
local v = redis.call('HMGET', KEYS[1], 'f', 'w', 'b', 'l')
local f = tonumber(v[1]) or 0
local w = tonumber(v[2])
local b = tonumber(v[3]) or 0
local l = tonumber(v[4]) or 0
if b <= now then
  if w == nil or w <= now - window then
    f = 1
    w = now
  else
    f = f + 1
  end
  if f >= limit then
    b = now + math.floor(math.min(longest, base * 2 ^ math.min(l, 30)))
    l = l + 1
    f = 0
    w = now
  else
    b = 0
  end
  redis.call('HSET', KEYS[1], 'f', f, 'w', w, 'b', b, 'l', l)
  redis.call('PEXPIREAT', KEYS[1], math.max(w + window, b) + keep)
end
return {f, w, b, l}`;

/** Counters in Redis under `prefix` (one hash per key), expiring on their own. */
export function createRedisThrottleStore(
  redis: Redis,
  prefix = "embed:login-throttle:",
): ThrottleStore {
  return {
    kind: "redis",
    async recordFailure(key: string, rule: ThrottleRule, now: Date) {
      const [failures, windowStart, blockedUntil, lockouts] = (await redis.eval(
        RECORD_FAILURE,
        1,
        prefix + key,
        now.getTime(),
        rule.windowMs,
        rule.limit,
        rule.lockoutMs,
        rule.maxLockoutMs,
        THROTTLE_MEMORY_MS,
      )) as [number, number, number, number];
      return {
        key,
        failures,
        windowStartedAt: new Date(windowStart),
        blockedUntil: blockedUntil > 0 ? new Date(blockedUntil) : null,
        lockouts,
      };
    },
    async findBlock(keys: string[], now: Date) {
      if (keys.length === 0) return null;
      const pipeline = redis.pipeline();
      for (const key of keys) pipeline.hget(prefix + key, "b");
      const results = (await pipeline.exec()) ?? [];
      let latest = 0;
      for (const [error, value] of results) {
        if (error) throw error;
        latest = Math.max(latest, Number(value ?? 0));
      }
      return latest > now.getTime() ? new Date(latest) : null;
    },
    async clear(keys: string[]) {
      if (keys.length > 0) await redis.del(...keys.map((key) => prefix + key));
    },
    async list(now: Date, windowMs: number) {
      const names: string[] = [];
      let cursor = "0";
      do {
        const [next, batch] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
        cursor = next;
        names.push(...batch);
      } while (cursor !== "0" && names.length < 1000);
      const pipeline = redis.pipeline();
      for (const name of names) pipeline.hmget(name, "f", "w", "b", "l");
      const results = (await pipeline.exec()) ?? [];
      const entries: ThrottleEntry[] = [];
      results.forEach(([error, value], index) => {
        if (error) throw error;
        const [f, w, b, l] = (value as Array<string | null>).map((field) => Number(field ?? 0));
        const name = names[index] as string;
        const entry: ThrottleEntry = {
          key: name.slice(prefix.length),
          failures: f ?? 0,
          windowStartedAt: new Date(w ?? 0),
          blockedUntil: (b ?? 0) > 0 ? new Date(b ?? 0) : null,
          lockouts: l ?? 0,
        };
        const isBlocked = (b ?? 0) > now.getTime();
        const isCounting = entry.failures > 0 && (w ?? 0) > now.getTime() - windowMs;
        if (isBlocked || isCounting) entries.push(entry);
      });
      return entries.sort((a, b) => a.key.localeCompare(b.key));
    },
    // Keys expire on their own (PEXPIREAT above).
    async purge() {
      return 0;
    },
    async close() {
      await redis.quit();
    },
  };
}
