import type { PrismaClient } from "./generated/prisma/client.js";
import { normalizeEmail } from "./normalize-email.js";
import { ADMIN_GROUP_NAME } from "./seed-demo-config.js";

export interface EnsureAdminUserOptions {
  email: string;
  password: string;
  /** The server's password hashing (this package does not pick an algorithm). */
  hashPassword: (password: string) => Promise<string>;
  firstName?: string | undefined;
  lastName?: string | undefined;
}

export interface EnsureAdminUserResult {
  /** False when a user with this email already existed: it was left exactly as it was. */
  created: boolean;
  userId: number;
}

/**
 * Creates the first administrator on first start, in the Administrators group. A user with the
 * same email is left untouched, admin or not: a restart must never reset a changed password or
 * promote an existing account.
 *
 * @example
 * await ensureAdminUser(db.prisma, { email, password, hashPassword: (p) => argon2.hash(p) });
 */
export async function ensureAdminUser(
  prisma: PrismaClient,
  options: EnsureAdminUserOptions,
): Promise<EnsureAdminUserResult> {
  const email = normalizeEmail(options.email);
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) return { created: false, userId: existing.id };

  const passwordHash = await options.hashPassword(options.password);
  return prisma.$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING: a second server starting at the same moment loses quietly.
    const { count } = await tx.user.createMany({
      data: {
        email,
        passwordHash,
        isAdmin: true,
        firstName: options.firstName ?? null,
        lastName: options.lastName ?? null,
      },
      skipDuplicates: true,
    });
    const user = await tx.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
    if (count === 0) return { created: false, userId: user.id };
    const group = await tx.group.upsert({
      where: { name: ADMIN_GROUP_NAME },
      create: { name: ADMIN_GROUP_NAME, isAdminGroup: true },
      update: {},
    });
    await tx.groupMembership.create({
      data: { userId: user.id, groupId: group.id, source: "manual" },
    });
    return { created: true, userId: user.id };
  });
}
