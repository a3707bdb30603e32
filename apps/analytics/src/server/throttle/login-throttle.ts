import "server-only";
import { type Env, getEnv } from "~/env";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { logger } from "../logger";
import { processWide } from "../process-wide";
import { createDatabaseThrottleStore } from "./database-throttle-store";
import { createRedisThrottleStore, THROTTLE_MEMORY_MS } from "./redis-throttle-store";
import type { ThrottleEntry, ThrottleRule, ThrottleStore } from "./throttle-store";

/** What is counted: admin password logins per account and per address, SSO per address. */
export type ThrottleScope = "password-account" | "password-address" | "sso-address";

const LONGEST_LOCKOUT_FACTOR = 16;

/** The rules, from the environment (see README: EMBED_LOGIN_*, EMBED_SSO_*). */
export function throttleRules(env: Env): Record<ThrottleScope, ThrottleRule> {
  const windowMs = env.EMBED_LOGIN_LOCKOUT_SECONDS * 1000;
  const rule = (limit: number, growing: boolean): ThrottleRule => ({
    limit,
    windowMs,
    lockoutMs: windowMs,
    maxLockoutMs: growing ? windowMs * LONGEST_LOCKOUT_FACTOR : windowMs,
  });
  return {
    // An account is what a password guesser targets: its lockouts grow.
    "password-account": rule(env.EMBED_LOGIN_MAX_FAILURES, true),
    "password-address": rule(env.EMBED_LOGIN_MAX_FAILURES_PER_ADDRESS, false),
    "sso-address": rule(env.EMBED_SSO_MAX_FAILURES_PER_ADDRESS, false),
  };
}

/** `password-account:admin@example.com`; an unknown address is one shared subject. */
export function throttleKey(scope: ThrottleScope, subject: string | null | undefined): string {
  return `${scope}:${subject || "unknown"}`;
}

const stores = processWide("throttleStore", () => ({
  store: undefined as ThrottleStore | undefined,
}));

/** Redis when `REDIS_URL` is set, else the app database: shared by every worker either way. */
export async function getThrottleStore(): Promise<ThrottleStore> {
  if (stores.store) return stores.store;
  const { REDIS_URL } = getEnv();
  if (REDIS_URL) {
    const { Redis } = await import("ioredis");
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
    redis.on("error", (error) => logger.error("the throttle's Redis connection failed", { error }));
    stores.store = createRedisThrottleStore(redis);
  } else {
    stores.store = createDatabaseThrottleStore((await getAppDatabase()).prisma);
  }
  return stores.store;
}

/** The refusal: 429 with `Retry-After` (whole seconds, at least 1). */
export function tooManyAttempts(blockedUntil: Date, now: Date = new Date()): ApiError {
  const seconds = Math.max(1, Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000));
  return new ApiError(
    "too_many_attempts",
    429,
    `Too many failed sign-in attempts. Try again in ${describeWait(seconds)}.`,
    { headers: { "retry-after": String(seconds) } },
  );
}

function describeWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 90 ? `${minutes} minutes` : `${Math.ceil(minutes / 60)} hours`;
}

/** Throws `too_many_attempts` while any of `keys` is locked out. */
export async function assertNotThrottled(keys: string[], now: Date = new Date()): Promise<void> {
  const blockedUntil = await (await getThrottleStore()).findBlock(keys, now);
  if (blockedUntil) throw tooManyAttempts(blockedUntil, now);
}

/** Counts one failure per key; answers the lockouts this failure started or ran into. */
export async function recordFailures(
  failures: Array<{ key: string; scope: ThrottleScope }>,
  now: Date = new Date(),
): Promise<ThrottleEntry[]> {
  const throttleStore = await getThrottleStore();
  const rules = throttleRules(getEnv());
  const entries = await Promise.all(
    failures.map(({ key, scope }) => throttleStore.recordFailure(key, rules[scope], now)),
  );
  return entries.filter((entry) => entry.blockedUntil && entry.blockedUntil > now);
}

/** Forgets keys: a successful login resets its account; an administrator lifts a lockout. */
export async function clearThrottles(keys: string[]): Promise<void> {
  await (await getThrottleStore()).clear(keys);
  for (const key of keys) knownBlocks.delete(key);
}

/** Counters with failures in their window or a lockout running, for administrators. */
export async function listThrottles(now: Date = new Date()): Promise<ThrottleEntry[]> {
  const windowMs = getEnv().EMBED_LOGIN_LOCKOUT_SECONDS * 1000;
  return (await getThrottleStore()).list(now, windowMs);
}

/** Housekeeping: counters idle for a day, with no lockout running, are forgotten. */
export async function purgeIdleThrottles(now: Date = new Date()): Promise<number> {
  return (await getThrottleStore()).purge(new Date(now.getTime() - THROTTLE_MEMORY_MS), now);
}

// --- SSO: the exchange is a hot path, so a successful one must not pay for the throttle. ---

/** Lockouts this process has seen (key → end, ms): checked before verifying, at no cost. */
const knownBlocks = processWide("knownSsoBlocks", () => new Map<string, number>());
const MAX_KNOWN_BLOCKS = 10_000;

/**
 * Refuses an SSO exchange from an address this process knows to be locked out. The store is
 * only asked to confirm (an administrator may have lifted the lockout), so exchanges from every
 * other address cost nothing. Another worker learns of a lockout on the address's next failure
 * there, which `recordSsoFailure` turns into a 429 too.
 */
export async function assertSsoNotThrottled(ip: string | null, now = new Date()): Promise<void> {
  const key = throttleKey("sso-address", ip);
  const known = knownBlocks.get(key);
  if (known === undefined) return;
  if (known <= now.getTime()) {
    knownBlocks.delete(key);
    return;
  }
  const blockedUntil = await (await getThrottleStore()).findBlock([key], now);
  if (!blockedUntil) {
    knownBlocks.delete(key);
    return;
  }
  throw tooManyAttempts(blockedUntil, now);
}

/** Counts a failed SSO exchange; answers the lockout end when the address is now locked out. */
export async function recordSsoFailure(ip: string | null, now = new Date()): Promise<Date | null> {
  const key = throttleKey("sso-address", ip);
  const [locked] = await recordFailures([{ key, scope: "sso-address" }], now);
  if (!locked?.blockedUntil) return null;
  if (knownBlocks.size >= MAX_KNOWN_BLOCKS) {
    const oldest = knownBlocks.keys().next().value;
    if (oldest !== undefined) knownBlocks.delete(oldest);
  }
  knownBlocks.set(key, locked.blockedUntil.getTime());
  return locked.blockedUntil;
}
