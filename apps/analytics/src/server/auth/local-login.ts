import "server-only";
import { normalizeEmail } from "@embed/db";
import { recordAuditEvent, recordAuditEventSafely } from "../audit/record-audit-event";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { createSession, type NewSession } from "../sessions/sessions";
import { getSettings } from "../settings/settings";
import { hashPassword, verifyPassword } from "./password";

// Verified against when the email is unknown, so a wrong email costs as long as a wrong password
// and response times do not reveal which accounts exist.
let decoyHash: Promise<string> | undefined;

/**
 * Email + password login for local accounts (administrators). One message for every failure,
 * whether the email is unknown, the password wrong or the account deactivated.
 */
export async function loginWithPassword(
  credentials: { email: string; password: string },
  context: { userAgent?: string | null; ip?: string | null },
): Promise<{ session: NewSession; userId: number }> {
  const email = normalizeEmail(credentials.email);
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
    await recordAuditEventSafely({
      type: "user.login_failed",
      actorUserId: user?.id ?? null,
      payload: { method: "password", code: "invalid_credentials", email },
    });
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
  return { session, userId: user.id };
}
