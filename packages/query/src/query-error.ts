/**
 * Every code a {@link QueryError} can carry. Hosts and the SDK branch on these strings, so they are
 * a contract: add codes freely, never rename or remove one.
 */
export const QUERY_ERROR_CODES = [
  // The query does not fit the grammar (wrong shape, unknown operator, bad limit type …).
  "invalid_query",
  // A table that does not exist — or that the viewer may not see: the two are indistinguishable.
  "unknown_table",
  // A column that does not exist — or that the viewer's column policy hides.
  "unknown_column",
  // A join that does not follow a declared foreign key, or is ambiguous.
  "invalid_join",
  // An operation the column's type does not support (sum of text, month of a number …).
  "invalid_operation",
  // A value that does not fit its column (text for a number, an impossible date …).
  "invalid_value",
  // More filters, aggregations, breakouts, joins, sort keys or list values than allowed.
  "query_too_complex",
  // A `limit` above the configured maximum.
  "limit_too_large",
  // An administrator's row policy cannot be compiled (e.g. a SQL view using `$1`).
  "invalid_policy",
  // The metadata handed to the compiler is inconsistent (duplicate table names …).
  "invalid_metadata",
  // The warehouse took longer than the query's time budget.
  "query_timeout",
  // The caller aborted the query (its AbortSignal fired).
  "query_cancelled",
  // The warehouse could not be reached.
  "warehouse_unavailable",
  // The warehouse refused the query for another reason (details are on `cause`, for the log).
  "warehouse_error",
] as const;

export type QueryErrorCode = (typeof QUERY_ERROR_CODES)[number];

const STATUS: Record<QueryErrorCode, number> = {
  invalid_query: 400,
  unknown_table: 400,
  unknown_column: 400,
  invalid_join: 400,
  invalid_operation: 400,
  invalid_value: 400,
  query_too_complex: 400,
  limit_too_large: 400,
  invalid_policy: 500,
  invalid_metadata: 500,
  query_timeout: 504,
  query_cancelled: 499,
  warehouse_unavailable: 503,
  warehouse_error: 502,
};

/**
 * The one error this package throws. `message` is safe to show a developer: it never carries more
 * than a short, escaped snippet of user input and never names a table or column the viewer may not
 * see. The underlying driver error, if any, is on `cause` (for logs only).
 * @example
 * await expect(compile(query)).rejects.toMatchObject({ code: "unknown_column" });
 */
export class QueryError extends Error {
  override readonly name = "QueryError";
  readonly code: QueryErrorCode;
  /** The HTTP status an API should answer with: 4xx for anything the caller can fix. */
  readonly status: number;

  constructor(code: QueryErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.status = STATUS[code];
  }
}

/** Narrows an unknown thrown value to a {@link QueryError}. */
export function isQueryError(value: unknown): value is QueryError {
  return value instanceof QueryError;
}
