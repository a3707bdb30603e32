import path from "node:path";
import { DEVELOPMENT_SECRETS } from "@embed/db";
import { z } from "zod";
import { NO_TRUSTED_PROXIES, parseTrustedProxies } from "./server/http/client-address";

/**
 * The only reader of `process.env` in the analytics server. Variable names are a contract with
 * operators (see the README), so keep them.
 *
 * Development defaults let `pnpm dev` run with nothing configured; each one says so in its value.
 * In production they are never used: an unset admin means no admin is bootstrapped, and the SSO
 * and embedding secrets come from the environment or the admin API (the published development
 * secrets, see `DEVELOPMENT_SECRETS` in @embed/db, are refused wherever they appear).
 */
export const DEVELOPMENT_DEFAULTS = {
  EMBED_ADMIN_EMAIL: "admin@example.com",
  EMBED_ADMIN_PASSWORD: "development-only-admin-password",
  EMBED_ENCRYPTION_KEY: "development-only-encryption-key-never-use-in-production",
} as const;

const PUBLISHED_SECRETS = new Set<string>(Object.values(DEVELOPMENT_SECRETS));

type DevelopmentDefaultName = keyof typeof DEVELOPMENT_DEFAULTS;

const postgresUrl = z
  .string()
  .refine(
    (value) => /^postgres(ql)?:\/\//.test(value),
    "must be a postgres:// or postgresql:// URL",
  );

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: optional(postgresUrl),
  EMBED_DATA_DIR: z.string().min(1).default(".data"),
  WAREHOUSE_URL: optional(postgresUrl),
  EMBED_JWT_SHARED_SECRET: optional(z.string().min(32, "must be at least 32 characters")),
  EMBED_JWT_JWKS_URL: optional(z.url()),
  // Settings also editable through the admin API: no default here, so that an unset variable
  // lets the admin's value through (see server/settings). The environment wins when set.
  EMBED_JWT_IDP_URL: optional(z.url()),
  EMBED_GUEST_EMBED_SECRET: optional(z.string().min(32, "must be at least 32 characters")),
  EMBED_AUTHORIZED_ORIGINS: optional(
    z
      .string()
      .transform((value) =>
        value
          .split(",")
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url())),
  ),
  EMBED_ADMIN_EMAIL: optional(z.email()),
  EMBED_ADMIN_PASSWORD: optional(z.string().min(12, "must be at least 12 characters")),
  /** Encrypts secrets stored in the app database (rotated SSO secrets, warehouse URLs). */
  EMBED_ENCRYPTION_KEY: optional(z.string().min(32, "must be at least 32 characters")),
  /** Worker processes sharing the port (start.mjs reads it too); > 1 needs PostgreSQL. */
  EMBED_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * `off` sends every request through Next.js, hot routes included (server.mjs's lean path off):
   * for comparing the two paths, and a way back should the lean path ever misbehave.
   */
  EMBED_LEAN_PATH: z.enum(["on", "off"]).default("on"),
  /** Failed-login counters live here instead of the app database (shared by every instance). */
  REDIS_URL: optional(
    z
      .string()
      .refine((value) => /^rediss?:\/\//.test(value), "must be a redis:// or rediss:// URL"),
  ),
  /**
   * Whose `X-Forwarded-For` entries to believe: unset = nobody's (the connection's peer is the
   * client), a hop count, or the proxies' addresses and CIDR ranges, comma-separated.
   */
  EMBED_TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value.trim() === "") return NO_TRUSTED_PROXIES;
      try {
        return parseTrustedProxies(value);
      } catch (error) {
        context.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** Failed admin logins per account (and per client address) before a lockout. */
  EMBED_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  EMBED_LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(50),
  /** Failed SSO exchanges per client address before its exchanges are refused for a while. */
  EMBED_SSO_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(100),
  /** The counting window and the first lockout; each next lockout doubles, up to 16 times this. */
  EMBED_LOGIN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** Seed the demo configuration and the sample warehouse on start (idempotent). */
  EMBED_SEED_DEMO: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((value) => value === "true" || value === "1"),
});

/** Every variable the server reads: the README's configuration table lists each one (tested). */
export const ENV_VARIABLES = Object.keys(EnvSchema.shape) as (keyof typeof EnvSchema.shape)[];

export type Env = z.infer<typeof EnvSchema> & {
  /** Absolute path of `EMBED_DATA_DIR`. */
  dataDir: string;
  /** Names of the variables that fell back to a development default (never in production). */
  developmentDefaultsInUse: DevelopmentDefaultName[];
};

export class InvalidEnvironmentError extends Error {
  override name = "InvalidEnvironmentError";
}

/** Validates an environment; throws `InvalidEnvironmentError` listing every problem at once. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  - ${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
    throw new InvalidEnvironmentError(
      `The analytics server's environment is invalid:\n${problems.join("\n")}`,
    );
  }

  const values = parsed.data;
  const isProduction = values.NODE_ENV === "production";
  const published = (["EMBED_JWT_SHARED_SECRET", "EMBED_GUEST_EMBED_SECRET"] as const).filter(
    (name) => values[name] !== undefined && PUBLISHED_SECRETS.has(values[name]),
  );
  if (isProduction && published.length > 0) {
    throw new InvalidEnvironmentError(
      `Refusing to start in production: ${published.join(", ")} holds a published development secret. Set a random one (e.g. \`openssl rand -base64 32\`).`,
    );
  }
  const defaultsSetExplicitly = (["EMBED_ADMIN_PASSWORD", "EMBED_ENCRYPTION_KEY"] as const).filter(
    (name) => values[name] === DEVELOPMENT_DEFAULTS[name],
  );
  if (isProduction && defaultsSetExplicitly.length > 0) {
    throw new InvalidEnvironmentError(
      `Refusing to start in production: ${defaultsSetExplicitly.join(", ")} is the development default.`,
    );
  }

  if (values.EMBED_WORKERS > 1 && !values.DATABASE_URL) {
    throw new InvalidEnvironmentError(
      "EMBED_WORKERS > 1 needs DATABASE_URL: the embedded app database (PGlite) belongs to one process.",
    );
  }
  if (values.EMBED_WORKERS > 1 && values.EMBED_SEED_DEMO && !values.WAREHOUSE_URL) {
    throw new InvalidEnvironmentError(
      "EMBED_WORKERS > 1 with EMBED_SEED_DEMO needs WAREHOUSE_URL: the embedded sample warehouse belongs to one process.",
    );
  }

  const developmentDefaultsInUse = isProduction
    ? []
    : (Object.keys(DEVELOPMENT_DEFAULTS) as DevelopmentDefaultName[]).filter(
        (name) => values[name] === undefined,
      );
  const env: Env = {
    ...values,
    dataDir: path.resolve(values.EMBED_DATA_DIR),
    developmentDefaultsInUse,
  };
  for (const name of developmentDefaultsInUse) env[name] = DEVELOPMENT_DEFAULTS[name];
  return env;
}

let cached: Env | undefined;

/** The validated environment of this process, read once. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
