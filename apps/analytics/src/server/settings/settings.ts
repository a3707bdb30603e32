import "server-only";
import { Prisma } from "@embed/db";
import { z } from "zod";
import { type Env, getEnv } from "~/env";
import { recordAuditEvent } from "../audit/record-audit-event";
import { sharedConfigCache } from "../cache/config-cache";
import { currentConfigVersion } from "../cache/current-config-version";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";

/**
 * Every non-secret setting: its schema, the environment variable that overrides it, and its
 * default. One table, so the admin API, the export and the resolver cannot disagree.
 */
const SETTINGS = {
  idpUrl: {
    key: "idp_url",
    schema: z.url(),
    fromEnv: (env: Env) => env.EMBED_JWT_IDP_URL,
    default: "http://localhost:3100/analytics/sso",
  },
  jwksUrl: {
    key: "jwks_url",
    schema: z.url().nullable(),
    fromEnv: (env: Env) => env.EMBED_JWT_JWKS_URL,
    default: null,
  },
  authorizedOrigins: {
    key: "authorized_origins",
    schema: z.array(z.url().transform((url) => new URL(url).origin)).max(100),
    fromEnv: (env: Env) => env.EMBED_AUTHORIZED_ORIGINS?.map((url) => new URL(url).origin),
    default: ["http://localhost:3100"],
  },
  sessionLengthMinutes: {
    key: "session_length_minutes",
    schema: z
      .number()
      .int()
      .min(5)
      .max(60 * 24 * 30),
    fromEnv: () => undefined,
    default: 60 * 24,
  },
  groupSync: {
    key: "group_sync",
    schema: z.boolean(),
    fromEnv: () => undefined,
    default: false,
  },
  ssoIssuer: {
    key: "sso_issuer",
    schema: z.string().min(1).nullable(),
    fromEnv: () => undefined,
    default: null,
  },
  queryTimeoutSeconds: {
    key: "query_timeout_seconds",
    schema: z.number().int().min(1).max(600),
    fromEnv: () => undefined,
    default: 30,
  },
  maxResultRows: {
    key: "max_result_rows",
    schema: z.number().int().min(1).max(100_000),
    fromEnv: () => undefined,
    default: 2_000,
  },
  maxExportRows: {
    key: "max_export_rows",
    schema: z.number().int().min(1).max(1_000_000),
    fromEnv: () => undefined,
    default: 100_000,
  },
  /** 0 turns the result cache off. */
  queryCacheTtlSeconds: {
    key: "query_cache_ttl_seconds",
    schema: z.number().int().min(0).max(86_400),
    fromEnv: () => undefined,
    default: 60,
  },
  /** The result cache's memory budget, by each result's estimated size. */
  queryCacheMaxBytes: {
    key: "query_cache_max_bytes",
    schema: z
      .number()
      .int()
      .min(0)
      .max(4 * 1024 ** 3),
    fromEnv: () => undefined,
    default: 64 * 1024 ** 2,
  },
  /**
   * Warehouse queries (cache misses and exports) one session may run at once; more get a 429.
   * A dashboard loads all its cards at once: keep it at or above the largest one's card count.
   */
  maxConcurrentQueries: {
    key: "max_concurrent_queries",
    schema: z.number().int().min(1).max(100),
    fromEnv: () => undefined,
    default: 8,
  },
  ssoAudience: {
    key: "sso_audience",
    schema: z.string().min(1).nullable(),
    fromEnv: () => undefined,
    default: null,
  },
} as const;

type Definitions = typeof SETTINGS;
export type SettingName = keyof Definitions;
export type ServerSettings = { [K in SettingName]: z.output<Definitions[K]["schema"]> };
export type SettingSource = "environment" | "database" | "default";

export const SettingsPatchSchema = z
  .object(
    Object.fromEntries(
      Object.entries(SETTINGS).map(([name, definition]) => [name, definition.schema.optional()]),
    ) as { [K in SettingName]: z.ZodOptional<Definitions[K]["schema"]> },
  )
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

interface ResolvedSettings {
  values: ServerSettings;
  sources: Record<SettingName, SettingSource>;
}

// Read on every SSO exchange and many requests, so kept per configuration version: a trigger
// raises the version on every settings write, and each server reloads on its next request.
const cache = sharedConfigCache<ResolvedSettings>("settings");

const names = Object.keys(SETTINGS) as SettingName[];

async function resolveSettings(): Promise<ResolvedSettings> {
  const env = getEnv();
  const { prisma } = await getAppDatabase();
  const rows = await prisma.setting.findMany({
    where: { key: { in: names.map((name) => SETTINGS[name].key) }, isSecret: false },
  });
  const stored = new Map(rows.map((row) => [row.key, row.value]));

  const values = {} as Record<SettingName, unknown>;
  const sources = {} as Record<SettingName, SettingSource>;
  for (const name of names) {
    const definition = SETTINGS[name];
    const fromEnv = definition.fromEnv(env);
    const parsedStored = definition.schema.safeParse(stored.get(definition.key));
    if (fromEnv !== undefined) {
      values[name] = fromEnv;
      sources[name] = "environment";
    } else if (stored.has(definition.key) && parsedStored.success) {
      values[name] = parsedStored.data;
      sources[name] = "database";
    } else {
      values[name] = definition.default;
      sources[name] = "default";
    }
  }
  return { values: values as ServerSettings, sources };
}

/**
 * The effective settings: environment, else the admin's value, else the default — as of the
 * request's configuration version (`currentConfigVersion`, or the one given).
 */
export async function getSettings(configVersion?: string): Promise<ServerSettings> {
  const version = configVersion ?? (await currentConfigVersion());
  return (await cache.get("settings", version, resolveSettings)).values;
}

/**
 * The settings with where each value comes from, for the admin API: read from the database, so
 * that it shows a change made earlier in the same request.
 */
export function describeSettings(): Promise<ResolvedSettings> {
  return resolveSettings();
}

/**
 * Stores the admin's values. A setting fixed by an environment variable cannot be changed here
 * (the environment would win anyway, silently): 409 `setting_from_environment`.
 */
export async function updateSettings(
  patch: SettingsPatch,
  actorUserId: number,
): Promise<ResolvedSettings> {
  const current = await describeSettings();
  const changed = names.filter((name) => patch[name] !== undefined);
  const fixed = changed.filter((name) => current.sources[name] === "environment");
  if (fixed.length > 0) {
    throw new ApiError(
      "setting_from_environment",
      409,
      `These settings are set by environment variables and cannot be changed here: ${fixed.join(", ")}.`,
    );
  }
  const { prisma } = await getAppDatabase();
  await prisma.$transaction(async (tx) => {
    for (const name of changed) {
      const key = SETTINGS[name].key;
      const value = patch[name] === null ? Prisma.JsonNull : (patch[name] as Prisma.InputJsonValue);
      await tx.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
    }
    await recordAuditEvent(
      {
        type: "setting.updated",
        actorUserId,
        resourceType: "settings",
        payload: { settings: changed },
      },
      tx,
    );
  });
  return describeSettings();
}
