export type { ClientErrorCode } from "./client-error-codes";
export { CLIENT_ERROR_CODES } from "./client-error-codes";
export type {
  CardResponse,
  CollectionItem,
  CollectionItemsResponse,
  CurrentUserResponse,
  DashboardCardResponse,
  DashboardParameterResponse,
  DashboardParameterType,
  DashboardResponse,
  ParameterValuesResponse,
  QueryResult,
  ResultColumn,
  SessionTokenResponse,
} from "./content-schemas";
export {
  CardResponseSchema,
  CollectionItemSchema,
  CollectionItemsResponseSchema,
  CurrentUserResponseSchema,
  DashboardCardResponseSchema,
  DashboardParameterResponseSchema,
  DashboardParameterTypeSchema,
  DashboardResponseSchema,
  ParameterValuesResponseSchema,
  QueryResultSchema,
  ResultColumnSchema,
  SessionTokenResponseSchema,
} from "./content-schemas";
export { csvCellText, csvLine } from "./csv";
export type { ErrorCode, QueryErrorCode } from "./error-codes";
export { ERROR_CODES, isErrorCode, QUERY_ERROR_CODES } from "./error-codes";
export type { ApiErrorBody, HealthResponse } from "./schemas";
export { ApiErrorBodySchema, HealthResponseSchema } from "./schemas";
