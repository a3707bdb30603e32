import { describe, expect, it } from "vitest";
import { DEVELOPMENT_SECRETS, parseEnv } from "../env";

const PRODUCTION_SECRETS = {
  EMBED_JWT_SHARED_SECRET: "a-real-sso-secret-of-at-least-32-characters",
  EMBED_GUEST_EMBED_SECRET: "a-real-embedding-secret-of-32-characters-or-more",
  AUTH_SECRET: "a-real-session-secret-of-at-least-32-characters",
};

describe("parseEnv", () => {
  it("runs with nothing configured outside production, on the development defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      NODE_ENV: "development",
      PORT: 3100,
      EMBED_ANALYTICS_URL: "http://localhost:3000",
      ...DEVELOPMENT_SECRETS,
    });
    expect(env.developmentDefaultsInUse).toEqual([
      "EMBED_JWT_SHARED_SECRET",
      "EMBED_GUEST_EMBED_SECRET",
      "AUTH_SECRET",
    ]);
  });

  it("shares the analytics server's published development secrets", () => {
    // Must equal DEVELOPMENT_SECRETS in @embed/db, which the host may not import.
    expect(DEVELOPMENT_SECRETS.EMBED_JWT_SHARED_SECRET).toBe(
      "development-only-sso-secret-never-use-in-production",
    );
    expect(DEVELOPMENT_SECRETS.EMBED_GUEST_EMBED_SECRET).toBe(
      "development-only-embedding-secret-never-use-in-production",
    );
  });

  it("accepts real secrets in production", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      PORT: "8080",
      EMBED_ANALYTICS_URL: "https://analytics.parcelpoint.example/",
      ...PRODUCTION_SECRETS,
    });
    expect(env).toMatchObject({ PORT: 8080, ...PRODUCTION_SECRETS });
    expect(env.EMBED_ANALYTICS_URL).toBe("https://analytics.parcelpoint.example");
    expect(env.developmentDefaultsInUse).toEqual([]);
  });

  it("refuses to run in production without the secrets, naming each one", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(
      /EMBED_JWT_SHARED_SECRET: is required in production[\s\S]*EMBED_GUEST_EMBED_SECRET: is required in production[\s\S]*AUTH_SECRET: is required in production/,
    );
    expect(() =>
      parseEnv({ NODE_ENV: "production", ...PRODUCTION_SECRETS, AUTH_SECRET: "" }),
    ).toThrow(/AUTH_SECRET: is required in production/);
  });

  it.each(Object.keys(DEVELOPMENT_SECRETS) as (keyof typeof DEVELOPMENT_SECRETS)[])(
    "refuses the development default of %s in production",
    (name) => {
      expect(() =>
        parseEnv({
          NODE_ENV: "production",
          ...PRODUCTION_SECRETS,
          [name]: DEVELOPMENT_SECRETS[name],
        }),
      ).toThrow(new RegExp(`${name}: is the published development default`));
    },
  );

  it("lists every invalid variable at once", () => {
    expect(() =>
      parseEnv({
        NODE_ENV: "production",
        PORT: "http",
        EMBED_ANALYTICS_URL: "ftp://analytics",
        ...PRODUCTION_SECRETS,
        EMBED_JWT_SHARED_SECRET: "short",
        NEXTAUTH_URL: "not a url",
        AUTH_SECRET: DEVELOPMENT_SECRETS.AUTH_SECRET,
      }),
    ).toThrow(
      /invalid:\n {2}- PORT: .+\n {2}- EMBED_ANALYTICS_URL: must be an http:\/\/ or https:\/\/ URL\n {2}- EMBED_JWT_SHARED_SECRET: must be at least 32 characters\n {2}- NEXTAUTH_URL: .+\n {2}- AUTH_SECRET: is the published development default/,
    );
  });
});
