import { z } from "zod";

/**
 * The only reader of `process.env` in the sample host. Read lazily through `getEnv()` inside
 * request handlers, never at module top level: `next build` runs with `NODE_ENV=production`
 * and without the secrets.
 */

/**
 * Development defaults for the three secrets, so that `pnpm dev` runs with nothing configured.
 * Each one says in its value that it is public; all three are refused in production.
 *
 * The first two MUST equal the analytics server's published development secrets
 * (`DEVELOPMENT_SECRETS` in @embed/db, seeded into a development analytics server). They are
 * repeated here rather than imported because a host never depends on the analytics server's
 * database package — exactly like a real customer's backend.
 */
export const DEVELOPMENT_SECRETS = {
  /** = the analytics server's development SSO secret (`EMBED_JWT_SHARED_SECRET`). */
  EMBED_JWT_SHARED_SECRET: "development-only-sso-secret-never-use-in-production",
  /** = the analytics server's development embedding secret (`EMBED_GUEST_EMBED_SECRET`). */
  EMBED_GUEST_EMBED_SECRET: "development-only-embedding-secret-never-use-in-production",
  /** The host's own session-cookie secret (next-auth); only the host knows it. */
  AUTH_SECRET: "development-only-host-session-secret-never-use-in-production",
} as const;

export type SecretName = keyof typeof DEVELOPMENT_SECRETS;

const SECRET_NAMES = Object.keys(DEVELOPMENT_SECRETS) as SecretName[];

/** An unset and an empty variable mean the same thing (`FOO= pnpm start`). */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const secret = optional(z.string().min(32, "must be at least 32 characters"));

const httpUrl = z
  .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
  .transform((value) => value.replace(/\/+$/, ""));

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3100),
  /** Where the browser reaches the analytics server; the SSO redirect sends visitors there. */
  EMBED_ANALYTICS_URL: optional(httpUrl).transform((value) => value ?? "http://localhost:3000"),
  EMBED_JWT_SHARED_SECRET: secret,
  EMBED_GUEST_EMBED_SECRET: secret,
  AUTH_SECRET: secret,
  /**
   * The host's public URL. next-auth reads it itself (for absolute redirects and secure
   * cookies behind https); it is validated here so that a typo fails at the first request.
   */
  NEXTAUTH_URL: optional(httpUrl),
});

type ParsedEnv = z.infer<typeof EnvSchema>;

export type Env = Omit<ParsedEnv, SecretName> &
  Record<SecretName, string> & {
    /** Secrets that fell back to their development default (always empty in production). */
    developmentDefaultsInUse: SecretName[];
  };

export class InvalidEnvironmentError extends Error {
  override name = "InvalidEnvironmentError";
}

/**
 * Validates an environment. Throws `InvalidEnvironmentError` listing every problem at once; in
 * production each secret must be set and must not be its published development default.
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);

  const isProduction = source.NODE_ENV === "production";
  if (isProduction) {
    for (const name of SECRET_NAMES) {
      const value = source[name];
      if (value === undefined || value === "") {
        problems.push(`${name}: is required in production`);
      } else if (value === DEVELOPMENT_SECRETS[name]) {
        problems.push(`${name}: is the published development default; never use it in production`);
      }
    }
  }

  if (!parsed.success || problems.length > 0) {
    const isAboutSecrets = problems.some((problem) =>
      SECRET_NAMES.some((name) => problem.startsWith(`${name}:`)),
    );
    throw new InvalidEnvironmentError(
      [
        "The sample host's environment is invalid:",
        ...problems.map((problem) => `  - ${problem}`),
        ...(isAboutSecrets
          ? [
              "Generate a secret with e.g. `openssl rand -base64 32`; EMBED_JWT_SHARED_SECRET and",
              "EMBED_GUEST_EMBED_SECRET must equal the analytics server's values.",
            ]
          : []),
      ].join("\n"),
    );
  }

  const values = parsed.data;
  const developmentDefaultsInUse = SECRET_NAMES.filter((name) => values[name] === undefined);
  return {
    ...values,
    EMBED_JWT_SHARED_SECRET:
      values.EMBED_JWT_SHARED_SECRET ?? DEVELOPMENT_SECRETS.EMBED_JWT_SHARED_SECRET,
    EMBED_GUEST_EMBED_SECRET:
      values.EMBED_GUEST_EMBED_SECRET ?? DEVELOPMENT_SECRETS.EMBED_GUEST_EMBED_SECRET,
    AUTH_SECRET: values.AUTH_SECRET ?? DEVELOPMENT_SECRETS.AUTH_SECRET,
    developmentDefaultsInUse,
  };
}

let cached: Env | undefined;

/** The validated environment of this process, read on first use. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
