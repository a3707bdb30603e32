import { Prisma } from "./generated/prisma/client.js";

/** PostgreSQL's SQLSTATE for unique_violation. */
const UNIQUE_VIOLATION = "23505";

/**
 * Whether an error is a unique-constraint violation: the portable way to learn that an insert
 * lost a race, e.g. a second use of a one-time token id. Prisma model queries report P2002; its
 * raw queries report P2010 with the driver adapter's error inside; the drivers themselves (pg,
 * PGlite) carry the SQLSTATE in `code`.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) {
    return (error as { code?: unknown } | null)?.code === UNIQUE_VIOLATION;
  }
  if (error.code === "P2002") return true;
  const cause = (
    error.meta?.driverAdapterError as
      | { cause?: { kind?: string; originalCode?: string } }
      | undefined
  )?.cause;
  return (
    error.code === "P2010" &&
    (cause?.kind === "UniqueConstraintViolation" || cause?.originalCode === UNIQUE_VIOLATION)
  );
}
