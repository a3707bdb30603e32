import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import {
  clearThrottles,
  listThrottles,
  type ThrottleScope,
  throttleKey,
} from "../throttle/login-throttle";

const SCOPES: ThrottleScope[] = ["password-account", "password-address", "sso-address"];

/** Failed-login counters and lockouts, with their scope and subject spelled out. */
export async function listLoginThrottles() {
  const entries = await listThrottles();
  return entries.map((entry) => {
    const scope = SCOPES.find((candidate) => entry.key.startsWith(`${candidate}:`)) ?? null;
    return {
      key: entry.key,
      scope,
      subject: scope ? entry.key.slice(scope.length + 1) : entry.key,
      failures: entry.failures,
      windowStartedAt: entry.windowStartedAt.toISOString(),
      blockedUntil: entry.blockedUntil?.toISOString() ?? null,
      lockouts: entry.lockouts,
    };
  });
}

/** Lifts a user's account lockout and forgets its failures: they may sign in at once. */
export async function liftUserLockout(userId: number, actorUserId: number) {
  const { prisma } = await getAppDatabase();
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) throw new ApiError("user_not_found", 404, `There is no user ${userId}.`);
  const key = throttleKey("password-account", user.email);
  await clearThrottles([key]);
  await recordAuditEvent({
    type: "user.lockout_lifted",
    actorUserId,
    resourceType: "user",
    resourceId: userId,
    payload: { key },
  });
  return { userId, key, lifted: true };
}

/** Lifts any lockout by its key (e.g. `password-address:192.0.2.7`), as listed above. */
export async function liftLoginThrottle(key: string, actorUserId: number) {
  if (!SCOPES.some((scope) => key.startsWith(`${scope}:`)) || key.length > 400) {
    throw new ApiError(
      "bad_request",
      400,
      `"${key.slice(0, 80)}" is not a login throttle key: it starts with one of ${SCOPES.join(", ")} and a colon.`,
    );
  }
  await clearThrottles([key]);
  await recordAuditEvent({
    type: "user.lockout_lifted",
    actorUserId,
    resourceType: "login_throttle",
    resourceId: key,
    payload: { key },
  });
  return { key, lifted: true };
}
