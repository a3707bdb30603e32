import { QueryError } from "../query-error";

export type Interruption = "timeout" | "cancelled";

const UNAVAILABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EPIPE"]);

export function timeoutError(timeoutMs: number): QueryError {
  return new QueryError(
    "query_timeout",
    `the query took longer than ${timeoutMs} ms and was stopped`,
  );
}

export function cancelledError(): QueryError {
  return new QueryError("query_cancelled", "the query was cancelled");
}

/**
 * A driver failure as a QueryError. The warehouse's own message may name tables, columns or
 * values, so it stays on `cause` (for the log) and never reaches the message.
 */
export function toQueryError(
  error: unknown,
  interruption: Interruption | undefined,
  timeoutMs: number,
): QueryError {
  if (interruption === "cancelled") return cancelledError();
  if (interruption === "timeout") return timeoutError(timeoutMs);
  if (error instanceof QueryError) return error;
  const code = typeof error === "object" && error && "code" in error ? String(error.code) : "";
  if (code === "57014") return timeoutError(timeoutMs);
  if (code.startsWith("22")) {
    return new QueryError("invalid_value", "a value in the query does not fit its column", {
      cause: error,
    });
  }
  if (code.startsWith("08") || code.startsWith("57P") || UNAVAILABLE.has(code)) {
    return new QueryError("warehouse_unavailable", "the warehouse could not be reached", {
      cause: error,
    });
  }
  return new QueryError("warehouse_error", "the warehouse could not run the query", {
    cause: error,
  });
}
