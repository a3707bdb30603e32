import "server-only";
import { normalizeEmail, type Prisma } from "@embed/db";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import type { Db } from "./lookups";

export const UpdateUserSchema = z.object({ isActive: z.boolean() }).strict();

const userSelect = {
  id: true,
  email: true,
  firstName: true,
  lastName: true,
  attributes: true,
  isAdmin: true,
  isActive: true,
  lastLoginAt: true,
  memberships: { select: { source: true, group: { select: { id: true, name: true } } } },
} as const;

/**
 * Users, newest first; `email` filters to one, `search` to those whose email or name contains it.
 * Includes live session counts.
 */
export async function listUsers(filter: { email?: string | null; search?: string | null }) {
  const { prisma } = await getAppDatabase();
  const search = filter.search?.trim();
  const contains = { contains: search, mode: "insensitive" } as const;
  const users = await prisma.user.findMany({
    where: {
      ...(filter.email ? { email: normalizeEmail(filter.email) } : {}),
      ...(search
        ? { OR: [{ email: contains }, { firstName: contains }, { lastName: contains }] }
        : {}),
    },
    orderBy: { id: "desc" },
    take: 500,
    select: {
      ...userSelect,
      _count: {
        select: { sessions: { where: { revokedAt: null, expiresAt: { gt: new Date() } } } },
      },
    },
  });
  return users.map(({ _count, memberships, ...user }) => ({
    ...user,
    groups: memberships.map(({ group, source }) => ({ ...group, source })),
    activeSessions: _count.sessions,
  }));
}

/** Ends every session of the user not yet ended; how many it ended. */
async function endSessionsOf(tx: Db, userId: number): Promise<number> {
  const { count } = await tx.session.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}

/**
 * Deactivating a user ends all their sessions at once (and `resolveSession` refuses them even
 * if one slipped through); reactivating lets them sign in again.
 */
export async function setUserActive(id: number, isActive: boolean, actorUserId: number) {
  const { prisma } = await getAppDatabase();
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({
      where: { id },
      select: { id: true, attributes: true },
    });
    if (!user) throw new ApiError("user_not_found", 404, `There is no user ${id}.`);
    if (id === actorUserId && !isActive)
      throw new ApiError("bad_request", 400, "You cannot deactivate yourself.");
    await tx.user.update({ where: { id }, data: { isActive } });
    const revokedSessions = isActive ? 0 : await endSessionsOf(tx, id);
    await recordAuditEvent(
      {
        type: isActive ? "user.reactivated" : "user.deactivated",
        actorUserId,
        resourceType: "user",
        resourceId: id,
        payload: { revokedSessions, userAttributes: user.attributes as Prisma.InputJsonObject },
      },
      tx,
    );
    return { id, isActive, revokedSessions };
  });
}

/** Signs the user out everywhere without deactivating them: they may sign in again. */
export async function revokeUserSessions(id: number, actorUserId: number) {
  const { prisma } = await getAppDatabase();
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: { id: true } });
    if (!user) throw new ApiError("user_not_found", 404, `There is no user ${id}.`);
    const revokedSessions = await endSessionsOf(tx, id);
    await recordAuditEvent(
      {
        type: "session.revoked",
        actorUserId,
        resourceType: "user",
        resourceId: id,
        payload: { revokedSessions },
      },
      tx,
    );
    return { id, revokedSessions };
  });
}
