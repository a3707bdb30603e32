import path from "node:path";
import { DEVELOPMENT_SECRETS } from "@embed/db";
import { describe, expect, it } from "vitest";
import { DEVELOPMENT_DEFAULTS, parseEnv } from "../env";

describe("parseEnv", () => {
  it("trusts no proxy by default and reads EMBED_TRUSTED_PROXIES and the login limits", () => {
    const env = parseEnv({});
    expect(env.EMBED_TRUSTED_PROXIES).toEqual({ kind: "hops", hops: 0 });
    expect(env.EMBED_LOGIN_MAX_FAILURES).toBe(5);
    expect(env.EMBED_LOGIN_LOCKOUT_SECONDS).toBe(900);
    expect(parseEnv({ EMBED_TRUSTED_PROXIES: "2" }).EMBED_TRUSTED_PROXIES).toEqual({
      kind: "hops",
      hops: 2,
    });
    expect(parseEnv({ EMBED_TRUSTED_PROXIES: "10.0.0.0/8" }).EMBED_TRUSTED_PROXIES).toMatchObject({
      kind: "list",
      entries: ["10.0.0.0/8"],
    });
    expect(() => parseEnv({ EMBED_TRUSTED_PROXIES: "lb.internal" })).toThrow(
      /EMBED_TRUSTED_PROXIES: "lb.internal" is not an IP address/,
    );
    expect(() => parseEnv({ REDIS_URL: "http://cache" })).toThrow(/REDIS_URL/);
  });

  it("fills development defaults outside production and reports which ones it used", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.EMBED_ADMIN_PASSWORD).toBe(DEVELOPMENT_DEFAULTS.EMBED_ADMIN_PASSWORD);
    expect(env.developmentDefaultsInUse).toEqual([
      "EMBED_ADMIN_EMAIL",
      "EMBED_ADMIN_PASSWORD",
      "EMBED_ENCRYPTION_KEY",
    ]);
    expect(env.dataDir).toBe(path.resolve(".data"));
    expect(env.EMBED_AUTHORIZED_ORIGINS).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.EMBED_JWT_SHARED_SECRET).toBeUndefined();
  });

  it("never uses development defaults in production", () => {
    const env = parseEnv({ NODE_ENV: "production" });
    expect(env.developmentDefaultsInUse).toEqual([]);
    expect(env.EMBED_ADMIN_EMAIL).toBeUndefined();
    expect(env.EMBED_ADMIN_PASSWORD).toBeUndefined();
  });

  it("refuses the published development secrets and admin password in production", () => {
    expect(() =>
      parseEnv({
        NODE_ENV: "production",
        EMBED_JWT_SHARED_SECRET: DEVELOPMENT_SECRETS.jwtSharedSecret,
      }),
    ).toThrow(/EMBED_JWT_SHARED_SECRET holds a published development secret/);
    expect(() =>
      parseEnv({
        NODE_ENV: "production",
        EMBED_GUEST_EMBED_SECRET: DEVELOPMENT_SECRETS.guestEmbedSecret,
      }),
    ).toThrow(/EMBED_GUEST_EMBED_SECRET/);
    expect(() =>
      parseEnv({
        NODE_ENV: "production",
        EMBED_ADMIN_PASSWORD: DEVELOPMENT_DEFAULTS.EMBED_ADMIN_PASSWORD,
      }),
    ).toThrow(/EMBED_ADMIN_PASSWORD is the development default/);
    expect(() =>
      parseEnv({
        NODE_ENV: "production",
        EMBED_ENCRYPTION_KEY: DEVELOPMENT_DEFAULTS.EMBED_ENCRYPTION_KEY,
      }),
    ).toThrow(/EMBED_ENCRYPTION_KEY is the development default/);
    // Outside production the same values are fine: that is what they are for.
    expect(
      parseEnv({ EMBED_JWT_SHARED_SECRET: DEVELOPMENT_SECRETS.jwtSharedSecret })
        .EMBED_JWT_SHARED_SECRET,
    ).toBe(DEVELOPMENT_SECRETS.jwtSharedSecret);
  });

  it("allows several workers only on PostgreSQL, the embedded databases being one process's", () => {
    const pgUrl = "postgres://app@db:5432/app";
    expect(parseEnv({}).EMBED_WORKERS).toBe(1);
    expect(parseEnv({ EMBED_WORKERS: "2", DATABASE_URL: pgUrl }).EMBED_WORKERS).toBe(2);
    expect(() => parseEnv({ EMBED_WORKERS: "2" })).toThrow(/EMBED_WORKERS > 1 needs DATABASE_URL/);
    expect(() =>
      parseEnv({ EMBED_WORKERS: "2", DATABASE_URL: pgUrl, EMBED_SEED_DEMO: "true" }),
    ).toThrow(/needs WAREHOUSE_URL/);
    expect(
      parseEnv({
        EMBED_WORKERS: "2",
        DATABASE_URL: pgUrl,
        WAREHOUSE_URL: "postgres://wh@db:5432/wh",
        EMBED_SEED_DEMO: "true",
      }).EMBED_WORKERS,
    ).toBe(2);
    expect(() => parseEnv({ EMBED_WORKERS: "0" })).toThrow(/EMBED_WORKERS/);
    expect(() => parseEnv({ EMBED_WORKERS: "1.5" })).toThrow(/EMBED_WORKERS/);
  });

  it("lists every invalid variable at once", () => {
    expect(() =>
      parseEnv({ PORT: "http", DATABASE_URL: "mysql://x", EMBED_JWT_SHARED_SECRET: "short" }),
    ).toThrow(/PORT[\s\S]*DATABASE_URL: must be a postgres:\/\/[\s\S]*EMBED_JWT_SHARED_SECRET/);
  });

  it("treats empty variables as unset and splits authorized origins", () => {
    const env = parseEnv({
      DATABASE_URL: "",
      EMBED_AUTHORIZED_ORIGINS: "https://a.test, https://b.test",
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.EMBED_AUTHORIZED_ORIGINS).toEqual(["https://a.test", "https://b.test"]);
    expect(() => parseEnv({ EMBED_AUTHORIZED_ORIGINS: "not a url" })).toThrow(
      /EMBED_AUTHORIZED_ORIGINS/,
    );
  });
});
