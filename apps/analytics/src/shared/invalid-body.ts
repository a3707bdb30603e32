import type { z } from "zod";

/**
 * What is wrong with a request body that does not match its schema, naming the first problem:
 * the API's 400 `invalid_body` message, which the console's forms also show when they check a
 * body with the same schema before sending it.
 */
export function describeInvalidBody(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue?.path.length ? ` at "${issue.path.join(".")}"` : "";
  return `The request body is invalid${where}: ${issue?.message ?? "unknown problem"}.`;
}
