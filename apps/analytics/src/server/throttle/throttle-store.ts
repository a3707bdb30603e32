import "server-only";

/** When a key is locked out: `limit` failures within `windowMs` lock it for `lockoutMs`. */
export interface ThrottleRule {
  limit: number;
  windowMs: number;
  /** The first lockout; each next one lasts twice as long, up to `maxLockoutMs`. */
  lockoutMs: number;
  maxLockoutMs: number;
}

export interface ThrottleEntry {
  key: string;
  /** Failures in the current window. */
  failures: number;
  windowStartedAt: Date;
  blockedUntil: Date | null;
  /** Lockouts so far (what makes the next one longer). */
  lockouts: number;
}

/**
 * Where failed-login counters live: the app database, or Redis when `REDIS_URL` is set. Both
 * are shared by every worker and instance. Each call is one atomic round trip; `now` is passed
 * in so that every store applies the same clock and tests need no timers.
 */
export interface ThrottleStore {
  readonly kind: "database" | "redis";
  /**
   * Counts a failure for `key` under `rule` and answers its state afterwards. The failure that
   * reaches the limit starts a lockout; a failure during a lockout changes nothing.
   */
  recordFailure(key: string, rule: ThrottleRule, now: Date): Promise<ThrottleEntry>;
  /** The latest end of a lockout among `keys` that is still running at `now`, or null. */
  findBlock(keys: string[], now: Date): Promise<Date | null>;
  /** Forgets `keys` entirely (a successful login, an administrator lifting a lockout). */
  clear(keys: string[]): Promise<void>;
  /** Entries that are locked out at `now`, or have failures in a window still open. */
  list(now: Date, windowMs: number): Promise<ThrottleEntry[]>;
  /** Deletes what can no longer matter: no lockout running, nothing since `before`. */
  purge(before: Date, now: Date): Promise<number>;
  close?(): Promise<void>;
}

/** The next lockout's length: doubled per lockout already served, capped. */
export function lockoutLength(rule: ThrottleRule, lockoutsSoFar: number): number {
  return Math.min(rule.maxLockoutMs, rule.lockoutMs * 2 ** Math.min(lockoutsSoFar, 30));
}
