import "server-only";
import { DEVELOPMENT_SECRETS, SECRET_SETTING_KEYS } from "@embed/db";
import { getEnv } from "~/env";
import { recordAuditEvent } from "../audit/record-audit-event";
import { sharedConfigCache } from "../cache/config-cache";
import { currentConfigVersion } from "../cache/current-config-version";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { logger } from "../logger";
import type { SharedSecretKey } from "../sso/verify-sso-token";
import { openSecret, sealSecret } from "./secret-box";

export type SecretName = (typeof SECRET_SETTING_KEYS)[keyof typeof SECRET_SETTING_KEYS];
export const SECRET_NAMES = Object.values(SECRET_SETTING_KEYS) as SecretName[];

const SOURCES: Record<SecretName, { fromEnv: () => string | undefined; development: string }> = {
  [SECRET_SETTING_KEYS.jwtSharedSecret]: {
    fromEnv: () => getEnv().EMBED_JWT_SHARED_SECRET,
    development: DEVELOPMENT_SECRETS.jwtSharedSecret,
  },
  [SECRET_SETTING_KEYS.guestEmbedSecret]: {
    fromEnv: () => getEnv().EMBED_GUEST_EMBED_SECRET,
    development: DEVELOPMENT_SECRETS.guestEmbedSecret,
  },
};

/** A route parameter naming a secret setting, or 404. */
export function parseSecretName(name: string): SecretName {
  if (!(SECRET_NAMES as string[]).includes(name)) {
    throw new ApiError(
      "secret_not_found",
      404,
      `There is no secret setting "${name.slice(0, 60)}".`,
    );
  }
  return name as SecretName;
}

export type SecretSource = "environment" | "database" | "development_default" | "none";

// Kept per configuration version, which a trigger raises on every write to setting_secrets: a
// rotated or retired key holds on every server from its next request.
const cache = sharedConfigCache<SharedSecretKey[]>("secretKeys");

/**
 * The keys that verify tokens signed with this secret, the signing (current) key first.
 * Environment, else the admin's current and previous versions, else — outside production —
 * the published development secret. Production never uses a development secret. As of the
 * request's configuration version (`currentConfigVersion`, or the one given).
 */
export async function getSecretKeys(
  name: SecretName,
  configVersion?: string,
): Promise<SharedSecretKey[]> {
  return cache.get(name, configVersion ?? (await currentConfigVersion()), () =>
    loadSecretKeys(name),
  );
}

async function loadSecretKeys(name: SecretName): Promise<SharedSecretKey[]> {
  const fromEnv = SOURCES[name].fromEnv();
  // No kid: the environment's key matches a token whatever kid it names.
  if (fromEnv) return [{ secret: fromEnv }];

  const isProduction = getEnv().NODE_ENV === "production";
  const { prisma } = await getAppDatabase();
  const versions = await prisma.settingSecret.findMany({
    where: { settingKey: name, status: { in: ["current", "previous"] } },
    orderBy: [{ status: "asc" }, { version: "desc" }],
  });
  const keys: SharedSecretKey[] = [];
  for (const version of versions) {
    if (isProduction && version.isDevelopmentDefault) {
      logger.error("ignoring a development secret in production; rotate it through the admin API", {
        setting: name,
        kid: version.kid,
      });
      continue;
    }
    try {
      const secret =
        version.encryption === "none"
          ? new TextDecoder().decode(version.value)
          : openSecret({
              ciphertext: version.value,
              nonce: version.nonce ?? new Uint8Array(),
              encryptionKid: version.encryptionKid,
            });
      keys.push({ kid: version.kid, secret });
    } catch (error) {
      logger.error(
        "cannot decrypt a stored secret; is EMBED_ENCRYPTION_KEY the one it was stored with?",
        {
          setting: name,
          kid: version.kid,
          error,
        },
      );
    }
  }
  if (keys.length === 0 && !isProduction) return [{ secret: SOURCES[name].development }];
  return keys;
}

/** What the admin API may say about a secret: never its value. */
export async function describeSecret(name: SecretName) {
  const { prisma } = await getAppDatabase();
  const versions = await prisma.settingSecret.findMany({
    where: { settingKey: name },
    orderBy: { version: "desc" },
    select: {
      kid: true,
      version: true,
      status: true,
      isDevelopmentDefault: true,
      createdAt: true,
      retiredAt: true,
    },
  });
  const source: SecretSource = SOURCES[name].fromEnv()
    ? "environment"
    : versions.some((version) => version.status !== "retired" && !version.isDevelopmentDefault)
      ? "database"
      : getEnv().NODE_ENV === "production"
        ? "none"
        : "development_default";
  return { name, source, versions };
}

/**
 * Makes `value` the current key and keeps the old current one as `previous`, so tokens signed
 * before the host switched keep verifying until `retirePreviousSecret`. With `revokeSessions`
 * (the old secret may have leaked) the old key is retired at once instead, in the same
 * transaction, and a rotated SSO secret also ends every SSO session it may have minted.
 */
export async function rotateSecret(
  name: SecretName,
  value: string,
  options: { revokeSessions: boolean; actorUserId: number },
) {
  if (SOURCES[name].fromEnv()) {
    throw new ApiError(
      "setting_from_environment",
      409,
      `${name} is set by an environment variable; rotate it there (keep the old value until hosts switch).`,
    );
  }
  const sealed = sealSecret(value);
  const { prisma } = await getAppDatabase();
  const result = await prisma.$transaction(async (tx) => {
    await tx.setting.upsert({
      where: { key: name },
      create: { key: name, isSecret: true },
      update: {},
    });
    const latest = await tx.settingSecret.findFirst({
      where: { settingKey: name },
      orderBy: { version: "desc" },
    });
    const version = (latest?.version ?? 0) + 1;
    const now = new Date();
    await tx.settingSecret.updateMany({
      where: { settingKey: name, status: "previous" },
      data: { status: "retired", retiredAt: now },
    });
    await tx.settingSecret.updateMany({
      where: { settingKey: name, status: "current" },
      data: options.revokeSessions ? { status: "retired", retiredAt: now } : { status: "previous" },
    });
    const kid = `${name}-v${version}`;
    await tx.settingSecret.create({
      data: {
        settingKey: name,
        version,
        kid,
        value: sealed.ciphertext,
        nonce: sealed.nonce,
        encryption: "aes_256_gcm",
        encryptionKid: sealed.encryptionKid,
        status: "current",
      },
    });
    let revokedSessions = 0;
    if (options.revokeSessions && name === SECRET_SETTING_KEYS.jwtSharedSecret) {
      ({ count: revokedSessions } = await tx.session.updateMany({
        where: { revokedAt: null, kind: { in: ["sdk", "cookie"] } },
        data: { revokedAt: now },
      }));
    }
    await recordAuditEvent(
      {
        type: "secret.rotated",
        actorUserId: options.actorUserId,
        resourceType: "setting",
        resourceId: name,
        payload: { kid, revokedSessions },
      },
      tx,
    );
    return { kid, version, revokedSessions };
  });
  return result;
}

/** Stops accepting the previous key: tokens signed with it are refused from now on. */
export async function retirePreviousSecret(name: SecretName, actorUserId: number) {
  const { prisma } = await getAppDatabase();
  const retired = await prisma.$transaction(async (tx) => {
    const { count } = await tx.settingSecret.updateMany({
      where: { settingKey: name, status: "previous" },
      data: { status: "retired", retiredAt: new Date() },
    });
    if (count === 0)
      throw new ApiError("secret_not_found", 404, `${name} has no previous key to retire.`);
    await recordAuditEvent(
      {
        type: "secret.retired",
        actorUserId,
        resourceType: "setting",
        resourceId: name,
        payload: { retired: count },
      },
      tx,
    );
    return count;
  });
  return { retired };
}
