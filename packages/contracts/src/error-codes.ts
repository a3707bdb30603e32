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
  "table_not_found",
  "column_not_found",
  "policy_not_found",
  // Content and queries
  "dashboard_not_found",
  "card_not_found",
  "collection_not_found",
  "data_source_not_found",
  "invalid_parameter",
  "invalid_parameter_mapping",
  "native_query_forbidden",
  "invalid_query",
  "unknown_table",
  "unknown_column",
  "invalid_join",
  "invalid_operation",
  "invalid_value",
  "query_too_complex",
  "limit_too_large",
  "invalid_policy",
  "invalid_metadata",
  "query_timeout",
  "query_cancelled",
  "warehouse_unavailable",
  "warehouse_error",
  // Guest embedding
  "guest_token_invalid",
  "guest_token_expired",
  "parameter_locked",
  "parameter_disabled",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Narrows an arbitrary string to a known error code. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}
