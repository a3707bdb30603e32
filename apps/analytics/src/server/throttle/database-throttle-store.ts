import "server-only";
import type { PrismaClient } from "@embed/db";
import type { ThrottleEntry, ThrottleRule, ThrottleStore } from "./throttle-store";

interface ThrottleRow {
  key: string;
  failures: number;
  window_started_at: Date;
  blocked_until: Date | null;
  lockouts: number;
}

// One statement, so that concurrent failures on several workers count exactly: the row is
// locked by the upsert, and every expression below reads its previous values (`t.*`).
// $1 key, $2 now, $3 window ms, $4 limit, $5 first lockout ms, $6 longest lockout ms.
const NOW = "$2::timestamptz";
const BLOCKED = `(t.blocked_until IS NOT NULL AND t.blocked_until > ${NOW})`;
const EXPIRED = `(t.window_started_at <= ${NOW} - $3::float8 * interval '1 millisecond')`;
const COUNTED = `(CASE WHEN ${EXPIRED} THEN 1 ELSE t.failures + 1 END)`;
const REACHES = `(NOT ${BLOCKED} AND ${COUNTED} >= $4::int)`;
const LOCKOUT = (lockouts: string) =>
  `${NOW} + LEAST($6::float8, $5::float8 * power(2, LEAST(${lockouts}, 30))) * interval '1 millisecond'`;

const RECORD_FAILURE = `
  INSERT INTO login_throttles AS t (key, failures, window_started_at, blocked_until, lockouts, updated_at)
  VALUES ($1, CASE WHEN $4::int <= 1 THEN 0 ELSE 1 END, ${NOW},
          CASE WHEN $4::int <= 1 THEN ${LOCKOUT("0")} END,
          CASE WHEN $4::int <= 1 THEN 1 ELSE 0 END, ${NOW})
  ON CONFLICT (key) DO UPDATE SET
    failures = CASE WHEN ${BLOCKED} THEN t.failures WHEN ${REACHES} THEN 0 ELSE ${COUNTED} END,
    window_started_at = CASE WHEN ${BLOCKED} THEN t.window_started_at
                             WHEN ${REACHES} OR ${EXPIRED} THEN ${NOW}
                             ELSE t.window_started_at END,
    blocked_until = CASE WHEN ${REACHES} THEN ${LOCKOUT("t.lockouts")} ELSE t.blocked_until END,
    lockouts = CASE WHEN ${REACHES} THEN t.lockouts + 1 ELSE t.lockouts END,
    updated_at = ${NOW}
  RETURNING key, failures, window_started_at, blocked_until, lockouts`;

/** Counters in the app database's `login_throttles` table (see the schema). */
export function createDatabaseThrottleStore(prisma: PrismaClient): ThrottleStore {
  return {
    kind: "database",
    async recordFailure(key: string, rule: ThrottleRule, now: Date) {
      const [row] = await prisma.$queryRawUnsafe<ThrottleRow[]>(
        RECORD_FAILURE,
        key,
        now.toISOString(),
        rule.windowMs,
        rule.limit,
        rule.lockoutMs,
        rule.maxLockoutMs,
      );
      if (!row) throw new Error("the throttle upsert returned no row");
      return toEntry(row);
    },
    async findBlock(keys: string[], now: Date) {
      if (keys.length === 0) return null;
      const found = await prisma.loginThrottle.findFirst({
        where: { key: { in: keys }, blockedUntil: { gt: now } },
        orderBy: { blockedUntil: "desc" },
        select: { blockedUntil: true },
      });
      return found?.blockedUntil ?? null;
    },
    async clear(keys: string[]) {
      if (keys.length > 0) await prisma.loginThrottle.deleteMany({ where: { key: { in: keys } } });
    },
    async list(now: Date, windowMs: number) {
      const rows = await prisma.loginThrottle.findMany({
        where: {
          OR: [
            { blockedUntil: { gt: now } },
            { failures: { gt: 0 }, windowStartedAt: { gt: new Date(now.getTime() - windowMs) } },
          ],
        },
        orderBy: { key: "asc" },
        take: 1000,
      });
      return rows.map(({ updatedAt: _updatedAt, ...entry }) => entry);
    },
    async purge(before: Date, now: Date) {
      const { count } = await prisma.loginThrottle.deleteMany({
        where: {
          updatedAt: { lt: before },
          OR: [{ blockedUntil: null }, { blockedUntil: { lte: now } }],
        },
      });
      return count;
    },
  };
}

function toEntry(row: ThrottleRow): ThrottleEntry {
  return {
    key: row.key,
    failures: Number(row.failures),
    windowStartedAt: new Date(row.window_started_at),
    blockedUntil: row.blocked_until === null ? null : new Date(row.blocked_until),
    lockouts: Number(row.lockouts),
  };
}
