import "server-only";
import { normalizeEmail } from "@embed/db";
import { recordAuditEvent, recordAuditEventSafely } from "../audit/record-audit-event";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { logger } from "../logger";
import { createSession, type NewSession } from "../sessions/sessions";
import { getSettings } from "../settings/settings";
import {
  assertNotThrottled,
  clearThrottles,
  recordFailures,
  throttleKey,
  tooManyAttempts,
} from "../throttle/login-throttle";
import { hashPassword, verifyPassword } from "./password";

// Verified against when the email is unknown, so a wrong email costs as long as a wrong password
// and response times do not reveal which accounts exist.
let decoyHash: Promise<string> | undefined;

/**
 * Email + password login for local accounts (administrators). One message for every failure,
 * whether the email is unknown, the password wrong or the account deactivated.
 *
 * Throttled per account and per client address (login-throttle.ts): while either is locked
 * out, even the right password is refused with `too_many_attempts` — otherwise a guesser would
 * learn when it guessed right. Unknown emails are counted like real ones, so a lockout does not
 * reveal which accounts exist.
 */
export async function loginWithPassword(
  credentials: { email: string; password: string },
  context: { userAgent?: string | null; ip?: string | null },
): Promise<{ session: NewSession; userId: number }> {
  const email = normalizeEmail(credentials.email);
  const accountKey = throttleKey("password-account", email);
  const addressKey = throttleKey("password-address", context.ip);
  try {
    await assertNotThrottled([accountKey, addressKey]);
  } catch (error) {
    if (error instanceof ApiError && error.code === "too_many_attempts") {
      await recordAuditEventSafely({
        type: "user.login_failed",
        payload: {
          method: "password",
          code: "too_many_attempts",
          email,
          client: context.ip ?? null,
        },
        aggregateBy: ["password", "too_many_attempts", context.ip ?? null],
      });
    }
    throw error;
  }
  const { prisma } = await getAppDatabase();
  const user = await prisma.user.findUnique({
    where: { email },
    select: { id: true, passwordHash: true, isActive: true, attributes: true },
  });
  decoyHash ??= hashPassword("decoy password for unknown emails");
  const passwordMatches = await verifyPassword(
    user?.passwordHash ?? (await decoyHash),
    credentials.password,
  );

  if (!user?.passwordHash || !passwordMatches || !user.isActive) {
    const [locked] = await recordFailures([
      { key: accountKey, scope: "password-account" },
      { key: addressKey, scope: "password-address" },
    ]);
    // Repeats from one client fold into one row per window: a guesser cannot flood the table.
    await recordAuditEventSafely({
      type: "user.login_failed",
      actorUserId: user?.id ?? null,
      payload: {
        method: "password",
        code: "invalid_credentials",
        email,
        client: context.ip ?? null,
      },
      aggregateBy: ["password", "invalid_credentials", context.ip ?? null],
    });
    if (locked?.blockedUntil) {
      await recordAuditEventSafely({
        type: "user.locked_out",
        actorUserId: user?.id ?? null,
        payload: {
          method: "password",
          key: locked.key,
          until: locked.blockedUntil.toISOString(),
          client: context.ip ?? null,
        },
        aggregateBy: [locked.key],
      });
      throw tooManyAttempts(locked.blockedUntil);
    }
    throw new ApiError("invalid_credentials", 401, "The email or password is not correct.");
  }

  const { sessionLengthMinutes } = await getSettings();
  const session = await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    const created = await createSession(tx, {
      userId: user.id,
      kind: "admin",
      lengthMinutes: sessionLengthMinutes,
      userAgent: context.userAgent ?? null,
      ip: context.ip ?? null,
    });
    await recordAuditEvent(
      {
        type: "user.login",
        actorUserId: user.id,
        resourceType: "session",
        payload: { method: "password" },
      },
      tx,
    );
    return created;
  });
  // A successful login resets its account's count (not its address's: one good password
  // must not wipe out a guesser's record on other accounts).
  await clearThrottles([accountKey]).catch((error: unknown) =>
    logger.error("could not reset a login throttle", { error }),
  );
  return { session, userId: user.id };
}
