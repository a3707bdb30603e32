/**
 * Every error code the API can answer with. Hosts and the SDK branch on these strings, so they
 * are a contract: add codes freely, never rename or remove one.
 */
export const ERROR_CODES = [
  // Generic request problems
  "bad_request",
  "invalid_body",
  "body_too_large",
  "not_found",
  "method_not_allowed",
  "unauthorized",
  "forbidden",
  "internal_error",
  // Availability
  "database_unavailable",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Narrows an arbitrary string to a known error code. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}
