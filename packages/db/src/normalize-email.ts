/**
 * The one form an email address is stored and looked up in: trimmed and lower-cased. The
 * `users` table refuses any other form (a CHECK constraint), so use this before every write and
 * every lookup by email.
 *
 * @example
 * await prisma.user.findUnique({ where: { email: normalizeEmail(claims.email) } });
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
