// The throttle store contract, written once and run per store (database on PGlite and on
// PostgreSQL, Redis): every store must apply the same rule, atomically.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ThrottleRule, ThrottleStore } from "../throttle-store";

export interface ThrottleStoreTarget {
  name: string;
  /** Opens the store once for the file. */
  open(): Promise<ThrottleStore>;
  /** Empties it between tests. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const MINUTE = 60_000;
const RULE: ThrottleRule = {
  limit: 3,
  windowMs: 15 * MINUTE,
  lockoutMs: 15 * MINUTE,
  maxLockoutMs: 60 * MINUTE,
};
const T0 = new Date("2026-11-30T12:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);

export function describeThrottleStoreContract(target: ThrottleStoreTarget): void {
  // Real databases on a shared machine: generous time, never a timing assertion.
  describe(`throttle store contract: ${target.name}`, { timeout: 60_000 }, () => {
    let store: ThrottleStore;
    beforeAll(async () => {
      store = await target.open();
    }, 120_000);
    afterAll(() => target.close(), 60_000);
    beforeEach(() => target.reset());

    it("counts failures and locks the key out on the one that reaches the limit", async () => {
      const first = await store.recordFailure("password-account:a@example.com", RULE, at(0));
      expect(first).toMatchObject({ failures: 1, blockedUntil: null, lockouts: 0 });
      await store.recordFailure("password-account:a@example.com", RULE, at(1));
      const third = await store.recordFailure("password-account:a@example.com", RULE, at(2));
      expect(third.blockedUntil).toEqual(at(17));
      expect(third.lockouts).toBe(1);
      expect(await store.findBlock(["password-account:a@example.com"], at(3))).toEqual(at(17));
      expect(await store.findBlock(["password-account:a@example.com"], at(17))).toBeNull();
    });

    it("changes nothing for a failure during a lockout", async () => {
      for (const minute of [0, 1, 2]) await store.recordFailure("k:1", RULE, at(minute));
      const during = await store.recordFailure("k:1", RULE, at(5));
      expect(during).toMatchObject({ blockedUntil: at(17), lockouts: 1, failures: 0 });
    });

    it("forgets failures older than the window", async () => {
      await store.recordFailure("k:1", RULE, at(0));
      await store.recordFailure("k:1", RULE, at(1));
      const later = await store.recordFailure("k:1", RULE, at(20));
      expect(later).toMatchObject({ failures: 1, blockedUntil: null });
      expect(later.windowStartedAt).toEqual(at(20));
    });

    it("doubles each next lockout, up to the longest", async () => {
      const lockoutEnds: Array<Date | null> = [];
      let minute = 0;
      for (let lockout = 0; lockout < 4; lockout++) {
        let entry = await store.recordFailure("k:1", RULE, at(minute));
        for (let failure = 1; failure < RULE.limit; failure++) {
          entry = await store.recordFailure("k:1", RULE, at(minute));
        }
        lockoutEnds.push(entry.blockedUntil);
        minute += 120; // after the lockout, whatever its length
      }
      expect(lockoutEnds).toEqual([at(15), at(120 + 30), at(240 + 60), at(360 + 60)]);
    });

    it("locks out on the first failure when the limit is 1", async () => {
      const entry = await store.recordFailure("k:1", { ...RULE, limit: 1 }, at(0));
      expect(entry).toMatchObject({ blockedUntil: at(15), lockouts: 1 });
    });

    it("counts concurrent failures exactly (one atomic step each)", async () => {
      const rule = { ...RULE, limit: 1000 };
      const entries = await Promise.all(
        Array.from({ length: 25 }, () => store.recordFailure("k:1", rule, at(0))),
      );
      expect(entries.map((entry) => entry.failures).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 25 }, (_, index) => index + 1),
      );
    });

    it("finds the latest running lockout among several keys, and clears keys", async () => {
      const short = { ...RULE, limit: 1, lockoutMs: 5 * MINUTE };
      await store.recordFailure("a:1", short, at(0));
      await store.recordFailure("b:1", { ...RULE, limit: 1 }, at(0));
      await store.recordFailure("c:1", RULE, at(0));
      expect(await store.findBlock(["a:1", "b:1", "c:1"], at(1))).toEqual(at(15));
      expect(await store.findBlock(["a:1", "c:1"], at(1))).toEqual(at(5));
      expect(await store.findBlock(["c:1", "nothing:1"], at(1))).toBeNull();
      expect(await store.findBlock([], at(1))).toBeNull();
      await store.clear(["b:1"]);
      expect(await store.findBlock(["b:1"], at(1))).toBeNull();
      // Cleared means forgotten: the next failure starts from nothing, lockouts included.
      expect(await store.recordFailure("b:1", RULE, at(2))).toMatchObject({
        failures: 1,
        lockouts: 0,
      });
    });

    it("lists keys that are counting or locked out, not the ones long quiet", async () => {
      await store.recordFailure("old:1", RULE, at(0));
      await store.recordFailure("locked:1", { ...RULE, limit: 1 }, at(10));
      await store.recordFailure("counting:1", RULE, at(20));
      const listed = await store.list(at(21), RULE.windowMs);
      expect(listed.map((entry) => entry.key)).toEqual(["counting:1", "locked:1"]);
      expect(listed[0]).toMatchObject({ failures: 1, blockedUntil: null });
      expect(listed[1]).toMatchObject({ blockedUntil: at(25), lockouts: 1 });
    });
  });
}
