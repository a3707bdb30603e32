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

/** The brand every copy of QueryError puts on its instances (see `QueryError[Symbol.hasInstance]`). */
const QUERY_ERROR_BRAND = Symbol.for("embed.query.QueryError");

/**
 * The one error this package throws. `message` is safe to show a developer: it never carries more
 * than a short, escaped snippet of user input and never names a table or column the viewer may not
 * see. The underlying driver error, if any, is on `cause` (for logs only).
 * @example
 * await expect(compile(query)).rejects.toMatchObject({ code: "unknown_column" });
 */
export class QueryError extends Error {
  /**
   * Recognises a QueryError from any copy of this package: a bundler may load it more than once
   * in one process (Next.js does, once per bundle), and an error thrown by one copy's driver must
   * still be this package's error to another copy's `instanceof` and `isQueryError`.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && QUERY_ERROR_BRAND in value;
  }

  override readonly name = "QueryError";
  readonly code: QueryErrorCode;
  /** The HTTP status an API should answer with: 4xx for anything the caller can fix. */
  readonly status: number;

  constructor(code: QueryErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.status = STATUS[code];
    Object.defineProperty(this, QUERY_ERROR_BRAND, { value: true });
  }
}

/** Narrows an unknown thrown value to a {@link QueryError}. */
export function isQueryError(value: unknown): value is QueryError {
  return value instanceof QueryError;
}
