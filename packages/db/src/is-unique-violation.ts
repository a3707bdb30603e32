import { Prisma } from "./generated/prisma/client.js";

/**
 * Whether a Prisma error is a unique-constraint violation: the portable way to learn that an
 * insert lost a race, e.g. a second use of a one-time token id. Model queries report P2002; raw
 * queries report P2010 with the driver adapter's error (PostgreSQL's SQLSTATE 23505) inside.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === "P2002") return true;
  const cause = (
    error.meta?.driverAdapterError as
      | { cause?: { kind?: string; originalCode?: string } }
      | undefined
  )?.cause;
  return (
    error.code === "P2010" &&
    (cause?.kind === "UniqueConstraintViolation" || cause?.originalCode === "23505")
  );
}
