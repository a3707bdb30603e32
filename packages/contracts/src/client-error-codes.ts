/**
 * Codes a client (the SDK) reports for failures that never reached the API or that the API did
 * not describe: same lower snake_case contract as `ERROR_CODES`, kept apart because no server
 * route answers with them.
 */
export const CLIENT_ERROR_CODES = [
  /** The host's JWT provider (`jwtProviderUri` or `fetchRequestToken`) failed or answered no `jwt`. */
  "jwt_provider_failed",
  /** The request never got an answer (offline, DNS, CORS refused by the browser). */
  "network_error",
  /** The server answered something that is not the documented shape. */
  "invalid_response",
  /** The client was used without its configuration (e.g. a component outside its provider). */
  "client_misconfigured",
] as const;

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
