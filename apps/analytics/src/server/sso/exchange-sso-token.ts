import "server-only";
import { isUniqueViolation, type Prisma, SECRET_SETTING_KEYS, type SessionKind } from "@embed/db";
import { recordAuditEvent, recordAuditEventSafely } from "../audit/record-audit-event";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { createSession, type NewSession } from "../sessions/sessions";
import { getSecretKeys } from "../settings/secret-keys";
import { getSettings } from "../settings/settings";
import { getJwks } from "./jwks";
import { type ProvisionedUser, provisionSsoUser } from "./provision-user";
import { type SsoIdentity, verifySsoToken } from "./verify-sso-token";

export interface SsoExchangeContext {
  kind: Extract<SessionKind, "sdk" | "cookie">;
  userAgent?: string | null;
  ip?: string | null;
}

export interface SsoExchangeResult {
  session: NewSession;
  user: ProvisionedUser;
}

/** Used `jti`s are kept a little past expiry, to cover the clock tolerance. */
const REPLAY_WINDOW_MARGIN_MS = 60_000;

/**
 * The SSO bridge: verifies the host's JWT, refuses a replayed `jti`, provisions the user and
 * their groups, starts a session and audits the login — all in one transaction, so a token
 * refused at any step leaves no user, membership or session behind. Every refusal is audited
 * with its code.
 */
export async function exchangeSsoToken(
  jwt: string,
  context: SsoExchangeContext,
): Promise<SsoExchangeResult> {
  let identity: SsoIdentity | undefined;
  try {
    const settings = await getSettings();
    const sharedSecrets = await getSecretKeys(SECRET_SETTING_KEYS.jwtSharedSecret);
    if (sharedSecrets.length === 0 && !settings.jwksUrl) {
      throw new ApiError(
        "sso_not_configured",
        401,
        "SSO is not configured: set EMBED_JWT_SHARED_SECRET or EMBED_JWT_JWKS_URL on the analytics server.",
      );
    }
    identity = await verifySsoToken(jwt, {
      sharedSecrets,
      ...(settings.jwksUrl ? { jwks: getJwks(settings.jwksUrl) } : {}),
      ...(settings.ssoIssuer ? { issuer: settings.ssoIssuer } : {}),
      ...(settings.ssoAudience ? { audience: settings.ssoAudience } : {}),
    });
    const verified = identity;

    const { prisma } = await getAppDatabase();
    return await prisma.$transaction(async (tx) => {
      if (verified.jti) await markTokenUsed(tx, verified.jti, verified.expiresAt);
      const user = await provisionSsoUser(tx, verified, { groupSync: settings.groupSync });
      const session = await createSession(tx, {
        userId: user.id,
        kind: context.kind,
        lengthMinutes: settings.sessionLengthMinutes,
        userAgent: context.userAgent ?? null,
        ip: context.ip ?? null,
      });
      await recordAuditEvent(
        {
          type: "user.login",
          actorUserId: user.id,
          actorAttributes: user.attributes,
          resourceType: "session",
          payload: {
            method: "sso",
            sessionKind: context.kind,
            groups: user.groups.map((group) => group.name),
          },
        },
        tx,
      );
      return { session, user };
    });
  } catch (error) {
    const code = error instanceof ApiError ? error.code : "internal_error";
    // Only a verified token's claims are worth recording; an unverified one is whatever an
    // attacker typed.
    await recordAuditEventSafely({
      type: "user.login_failed",
      actorAttributes: identity?.attributes ?? null,
      payload: {
        method: "sso",
        sessionKind: context.kind,
        code,
        ...(identity ? { email: identity.email } : {}),
      },
    });
    throw error;
  }
}

async function markTokenUsed(
  tx: Prisma.TransactionClient,
  jti: string,
  expiresAt: Date,
): Promise<void> {
  try {
    // The insert is the check: the primary key makes a second use fail on any server.
    await tx.usedSsoToken.create({
      data: { jti, expiresAt: new Date(expiresAt.getTime() + REPLAY_WINDOW_MARGIN_MS) },
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ApiError(
        "token_replayed",
        401,
        "This SSO token (jti) has already been used; sign a new one.",
      );
    }
    throw error;
  }
}

/** Forgets used `jti`s whose tokens have expired anyway. */
export async function purgeExpiredTokenIds(): Promise<number> {
  const { prisma } = await getAppDatabase();
  const { count } = await prisma.usedSsoToken.deleteMany({
    where: { expiresAt: { lt: new Date() } },
  });
  return count;
}
