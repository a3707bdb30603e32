import { describe, expect, it } from "vitest";
import { parseEnv } from "~/env";
import { throttleKey, throttleRules, tooManyAttempts } from "../login-throttle";
import { lockoutLength } from "../throttle-store";

describe("login throttle rules", () => {
  it("come from the environment, with sane defaults", () => {
    const rules = throttleRules(parseEnv({}));
    expect(rules["password-account"]).toEqual({
      limit: 5,
      windowMs: 900_000,
      lockoutMs: 900_000,
      maxLockoutMs: 16 * 900_000,
    });
    expect(rules["password-address"]).toMatchObject({ limit: 50, maxLockoutMs: 900_000 });
    expect(rules["sso-address"]).toMatchObject({ limit: 100 });
    const tuned = throttleRules(
      parseEnv({ EMBED_LOGIN_MAX_FAILURES: "3", EMBED_LOGIN_LOCKOUT_SECONDS: "60" }),
    );
    expect(tuned["password-account"]).toMatchObject({ limit: 3, windowMs: 60_000 });
  });

  it("grow an account's lockouts by doubling, up to the cap", () => {
    const rule = throttleRules(parseEnv({}))["password-account"];
    expect([0, 1, 2, 3, 4, 5, 40].map((served) => lockoutLength(rule, served) / 60_000)).toEqual([
      15, 30, 60, 120, 240, 240, 240,
    ]);
  });

  it("refuse with 429, too_many_attempts and a Retry-After in whole seconds", () => {
    const now = new Date("2026-11-30T12:00:00.000Z");
    const error = tooManyAttempts(new Date(now.getTime() + 899_001), now);
    expect(error).toMatchObject({ code: "too_many_attempts", status: 429 });
    expect(error.headers["retry-after"]).toBe("900");
    expect(error.publicMessage).toBe("Too many failed sign-in attempts. Try again in 15 minutes.");
    expect(tooManyAttempts(now, now).headers["retry-after"]).toBe("1");
  });

  it("key by scope and subject; an unknown address is one shared subject", () => {
    expect(throttleKey("password-account", "a@example.com")).toBe("password-account:a@example.com");
    expect(throttleKey("sso-address", null)).toBe("sso-address:unknown");
  });
});
