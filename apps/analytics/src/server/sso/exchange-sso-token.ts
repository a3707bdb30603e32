import "server-only";
import { recordSsoLogin, SECRET_SETTING_KEYS, type SessionKind } from "@embed/db";
import { recordAuditEventSafely } from "../audit/record-audit-event";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { logger } from "../logger";
import { generateSessionToken, hashSessionToken } from "../sessions/session-token";
import type { NewSession } from "../sessions/sessions";
import { getSecretKeys } from "../settings/secret-keys";
import { getSettings } from "../settings/settings";
import {
  assertSsoNotThrottled,
  recordSsoFailure,
  tooManyAttempts,
} from "../throttle/login-throttle";
import { getJwks } from "./jwks";
import { ssoTokenId } from "./sso-token-id";
import { type SsoIdentity, verifySsoToken } from "./verify-sso-token";

export interface SsoExchangeContext {
  kind: Extract<SessionKind, "sdk" | "cookie">;
  userAgent?: string | null;
  ip?: string | null;
}

export interface SsoExchangeResult {
  session: NewSession;
  userId: number;
  groups: Array<{ id: number; name: string }>;
}

/** Used token ids are kept a little past expiry, to cover the clock tolerance. */
const REPLAY_WINDOW_MARGIN_MS = 60_000;

/**
 * The SSO bridge: verifies the host's JWT, then records the login in one atomic statement
 * (`recordSsoLogin`: replay check, user, group memberships, session, audit), so a token refused
 * at any step leaves no user, membership or session behind. Every refusal is audited with its
 * code.
 */
export async function exchangeSsoToken(
  jwt: string,
  context: SsoExchangeContext,
): Promise<SsoExchangeResult> {
  let identity: SsoIdentity | undefined;
  // Free unless this process has seen the address locked out (login-throttle.ts).
  await assertSsoNotThrottled(context.ip ?? null);
  try {
    // Both as of one configuration version (one short query, or none when the caller knows it).
    const [settings, sharedSecrets] = await Promise.all([
      getSettings(),
      getSecretKeys(SECRET_SETTING_KEYS.jwtSharedSecret),
    ]);
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

    const token = generateSessionToken();
    const expiresAt = new Date(Date.now() + settings.sessionLengthMinutes * 60_000);
    const result = await recordSsoLogin(await getAppDatabase(), {
      email: identity.email,
      firstName: identity.firstName,
      lastName: identity.lastName,
      attributes: identity.attributes,
      groups: identity.groups,
      groupSync: settings.groupSync,
      jti: ssoTokenId(jwt, identity),
      jtiExpiresAt: new Date(identity.expiresAt.getTime() + REPLAY_WINDOW_MARGIN_MS),
      session: {
        tokenHash: hashSessionToken(token),
        kind: context.kind,
        expiresAt,
        userAgent: context.userAgent?.slice(0, 500) ?? null,
        ip: context.ip ?? null,
      },
    });
    switch (result.status) {
      case "signed_in":
        return { session: { token, expiresAt }, userId: result.userId, groups: result.groups };
      case "replayed":
        throw new ApiError(
          "token_replayed",
          401,
          "This SSO token has already been used; sign a new one for each sign-in.",
        );
      case "deactivated":
        throw new ApiError("user_deactivated", 403, "This user has been deactivated.");
      case "local_admin":
        throw new ApiError(
          "sso_admin_refused",
          403,
          "This email belongs to a local administrator, who must sign in with a password, not SSO.",
        );
    }
  } catch (error) {
    const code = error instanceof ApiError ? error.code : "internal_error";
    const ip = context.ip ?? null;
    // Only refusals count towards the address's lockout: a server fault is not the client's.
    const blockedUntil =
      error instanceof ApiError && error.status < 500 ? await countSsoFailure(ip) : null;
    // Only a verified token's claims are worth recording; an unverified one is whatever an
    // attacker typed. Repeats from one client fold into one row per window.
    await recordAuditEventSafely({
      type: "user.login_failed",
      actorAttributes: identity?.attributes ?? null,
      payload: {
        method: "sso",
        sessionKind: context.kind,
        code,
        client: ip,
        ...(identity ? { email: identity.email } : {}),
      },
      aggregateBy: ["sso", code, ip],
    });
    if (blockedUntil) {
      await recordAuditEventSafely({
        type: "user.locked_out",
        payload: { method: "sso", client: ip, until: blockedUntil.toISOString() },
        aggregateBy: ["sso", ip],
      });
      throw tooManyAttempts(blockedUntil);
    }
    throw error;
  }
}

/** A throttle store that fails must not hide the refusal the client is owed. */
async function countSsoFailure(ip: string | null): Promise<Date | null> {
  try {
    return await recordSsoFailure(ip);
  } catch (error) {
    logger.error("could not count a failed SSO exchange", { error });
    return null;
  }
}

/** Forgets used token ids whose tokens have expired anyway (each login also prunes a few). */
export async function purgeExpiredTokenIds(): Promise<number> {
  const { prisma } = await getAppDatabase();
  const { count } = await prisma.usedSsoToken.deleteMany({
    where: { expiresAt: { lt: new Date() } },
  });
  return count;
}
