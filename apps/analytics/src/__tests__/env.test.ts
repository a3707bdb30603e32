import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEVELOPMENT_DEFAULTS, parseEnv } from "../env";

const productionSecrets = {
  EMBED_JWT_SHARED_SECRET: "a".repeat(40),
  EMBED_GUEST_EMBED_SECRET: "b".repeat(40),
  EMBED_ADMIN_EMAIL: "ops@acme.test",
  EMBED_ADMIN_PASSWORD: "correct horse battery staple",
};

describe("parseEnv", () => {
  it("fills development defaults and reports which ones it used", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.EMBED_JWT_SHARED_SECRET).toBe(DEVELOPMENT_DEFAULTS.EMBED_JWT_SHARED_SECRET);
    expect(env.developmentDefaultsInUse).toContain("EMBED_JWT_SHARED_SECRET");
    expect(env.dataDir).toBe(path.resolve(".data"));
    expect(env.EMBED_AUTHORIZED_ORIGINS).toEqual(["http://localhost:3100"]);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("refuses development defaults in production and names the missing variables", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(
      /EMBED_JWT_SHARED_SECRET, EMBED_GUEST_EMBED_SECRET, EMBED_ADMIN_EMAIL, EMBED_ADMIN_PASSWORD/,
    );
    const env = parseEnv({ NODE_ENV: "production", ...productionSecrets });
    expect(env.developmentDefaultsInUse).toEqual([]);
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
