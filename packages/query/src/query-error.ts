// The codes live in @embed/contracts' one list of error codes; re-exported for this package's users.
import { QUERY_ERROR_CODES, type QueryErrorCode } from "@embed/contracts";

export type { QueryErrorCode };
export { QUERY_ERROR_CODES };

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
