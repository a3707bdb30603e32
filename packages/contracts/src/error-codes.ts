/**
 * Every code a query error (`QueryError` of @embed/query) can carry. Hosts and the SDK branch on these strings, so they are
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
  "jwks_unavailable",
  // SSO tokens (POST /api/session/sso, GET /auth/sso): one code per way a token can be refused
  "token_missing",
  "token_too_large",
  "token_malformed",
  "token_claims_not_object",
  "token_algorithm_not_allowed",
  "token_key_unknown",
  "token_signature_invalid",
  "token_expired",
  "token_not_yet_valid",
  "token_issued_in_future",
  "token_exp_missing",
  "token_lifetime_too_long",
  "token_issuer_invalid",
  "token_audience_invalid",
  "token_email_missing",
  "token_email_invalid",
  "token_claim_invalid",
  "token_attribute_invalid",
  "token_replayed",
  "sso_not_configured",
  // Sessions
  "session_missing",
  "session_invalid",
  "session_expired",
  "session_revoked",
  "user_deactivated",
  "invalid_credentials",
  // Redirects
  "return_to_not_allowed",
  "sso_admin_refused",
  // Administration
  "encryption_key_missing",
  "setting_from_environment",
  "secret_not_found",
  "group_not_found",
  "group_mapping_not_found",
  "group_is_admin_only",
  "user_not_found",
  "conflict",
  "invalid_config",
  "data_source_unreachable",
  // A data source that cards still use, or the built-in sample warehouse, cannot be deleted.
  "data_source_in_use",
  "data_source_built_in",
  // A sync of this data source is already running.
  "sync_in_progress",
  "table_not_found",
  "column_not_found",
  "policy_not_found",
  // The console's JWKS check (POST /api/admin/settings/jwks-check)
  "jwks_url_missing",
  "jwks_url_invalid",
  "jwks_unreachable",
  "jwks_invalid",
  // Manual group memberships: the group is held through a mapping or the groups claim only
  "membership_not_manual",
  // Content and queries
  "dashboard_not_found",
  "card_not_found",
  "collection_not_found",
  "data_source_not_found",
  "invalid_parameter",
  "invalid_parameter_mapping",
  "native_query_forbidden",
  // The session (guest token, or admin) already runs as many warehouse queries as allowed.
  "too_many_queries",
  // Queries: see QUERY_ERROR_CODES above
  ...QUERY_ERROR_CODES,
  // Guest embedding
  "guest_token_invalid",
  "guest_token_expired",
  "parameter_locked",
  "parameter_disabled",
  "guest_parameter_invalid",
  "locked_parameter_unmapped",
  // A guest token for a dashboard or question whose guest embedding is off
  "guest_embedding_disabled",
  // Request hygiene: cookie-authenticated writes from another origin, non-JSON bodies
  "cross_origin_request",
  "unsupported_media_type",
  // Abuse limits
  "too_many_attempts",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Narrows an arbitrary string to a known error code. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}
