import { Prisma } from "./generated/prisma/client.js";

/**
 * Whether a Prisma error is a unique-constraint violation (P2002): the portable way to learn that
 * an insert lost a race, e.g. a second use of a one-time token id.
 */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
