// @embed/query — the structured query model, its compiler to SQL with row and column policies
// applied, and the warehouse drivers.

export { buildDrillThroughQuery } from "./build-drill-through-query";
export { type CompileFilterValuesOptions, compileFilterValues } from "./compile-filter-values";
export {
  type CompileNativeQueryOptions,
  compileNativeQuery,
  type NativeQueryValues,
} from "./compile-native-query";
export {
  type CompiledQuery,
  type CompileQueryOptions,
  compileQuery,
  DEFAULT_QUERY_LIMITS,
  type QueryLimits,
  type ResultColumn,
} from "./compile-query";
export { createPgliteDriver } from "./create-pglite-driver";
export { createPostgresDriver, type PostgresDriverOptions } from "./create-postgres-driver";
export { executeQuery, type QueryResult } from "./execute-query";
export { placeholderNames } from "./internal/placeholders";
export { type IntrospectWarehouseOptions, introspectWarehouse } from "./introspect-warehouse";
export { hasSandboxedTable, mergeGroupPolicies } from "./merge-group-policies";
export {
  type ColumnMetadata,
  ColumnMetadataSchema,
  type SemanticType,
  SemanticTypeSchema,
  type TableMetadata,
  TableMetadataSchema,
  type WarehouseMetadata,
  WarehouseMetadataSchema,
} from "./metadata";
export { parseStructuredQuery } from "./parse-structured-query";
export {
  type AttributeValue,
  AttributeValueSchema,
  type DataPolicy,
  DataPolicySchema,
  type RowFilter,
  RowFilterSchema,
  type Scalar,
  ScalarSchema,
  type TableAccess,
  TableAccessSchema,
} from "./policy";
export { isQueryError, QUERY_ERROR_CODES, QueryError, type QueryErrorCode } from "./query-error";
export { postgresDialect, type SqlDialect } from "./sql-dialect";
export { type QueryStream, streamQuery } from "./stream-query";
export {
  type Aggregation,
  AggregationSchema,
  type Breakout,
  BreakoutSchema,
  type ColumnRef,
  ColumnRefSchema,
  type ComparisonOperator,
  ComparisonOperatorSchema,
  type DateUnit,
  DateUnitSchema,
  type Filter,
  FilterSchema,
  type FilterValue,
  FilterValueSchema,
  type Join,
  JoinSchema,
  type OrderBy,
  OrderBySchema,
  type OrderTarget,
  OrderTargetSchema,
  type StructuredQuery,
  StructuredQuerySchema,
} from "./structured-query";
export type {
  ExecuteOptions,
  ExecuteResult,
  RowCursor,
  Statement,
  StreamOptions,
  WarehouseDriver,
} from "./warehouse-driver";
