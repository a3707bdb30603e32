export type { ErrorCode } from "./error-codes";
export { ERROR_CODES, isErrorCode } from "./error-codes";
export type { ApiErrorBody, HealthResponse } from "./schemas";
export { ApiErrorBodySchema, HealthResponseSchema } from "./schemas";
