import { z } from "zod";

/**
 * A column of the source table (`"amount"`) or of a joined table (`"accounts.plan"`). Checked
 * against the synced metadata and the viewer's column policy; never spliced into SQL.
 */
export const ColumnRefSchema = z.string().min(1).max(256);
export type ColumnRef = z.infer<typeof ColumnRefSchema>;

/** A filter value. Always sent to the warehouse as a bound parameter. */
export const FilterValueSchema = z.union([z.string(), z.number(), z.boolean()]);
export type FilterValue = z.infer<typeof FilterValueSchema>;

export const ComparisonOperatorSchema = z.enum(["=", "!=", "<", ">", "<=", ">="]);
export type ComparisonOperator = z.infer<typeof ComparisonOperatorSchema>;

/**
 * `["=", col, v]`, `["!=", col, v]`, `["<", col, v]`, `[">", col, v]`, `["<=", col, v]`,
 * `[">=", col, v]`, `["between", col, a, b]` (inclusive), `["in", col, [v, …]]`,
 * `["contains", col, "text"]` (case-insensitive), `["is-null", col]`, `["not-null", col]`.
 */
export const FilterSchema = z.union([
  z.tuple([ComparisonOperatorSchema, ColumnRefSchema, FilterValueSchema]),
  z.tuple([z.literal("between"), ColumnRefSchema, FilterValueSchema, FilterValueSchema]),
  z.tuple([z.literal("in"), ColumnRefSchema, z.array(FilterValueSchema).min(1)]),
  z.tuple([z.literal("contains"), ColumnRefSchema, z.string()]),
  z.tuple([z.enum(["is-null", "not-null"]), ColumnRefSchema]),
]);
export type Filter = z.infer<typeof FilterSchema>;

/** `["count"]`, `["sum", col]`, `["avg", col]`, `["min", col]`, `["max", col]`, `["distinct-count", col]`. */
export const AggregationSchema = z.union([
  z.tuple([z.literal("count")]),
  z.tuple([z.enum(["sum", "avg", "min", "max", "distinct-count"]), ColumnRefSchema]),
]);
export type Aggregation = z.infer<typeof AggregationSchema>;

export const DateUnitSchema = z.enum(["day", "week", "month", "quarter", "year"]);
export type DateUnit = z.infer<typeof DateUnitSchema>;

/** A column to group by, or `[unit, dateColumn]` to group by the start of each day/week/…. */
export const BreakoutSchema = z.union([
  ColumnRefSchema,
  z.tuple([DateUnitSchema, ColumnRefSchema]),
]);
export type Breakout = z.infer<typeof BreakoutSchema>;

/**
 * What to sort by: a column (with aggregations or breakouts: one of the breakouts), a date
 * breakout `[unit, col]`, or `["aggregation", i]` — the i-th entry of `aggregations`.
 */
export const OrderTargetSchema = z.union([
  ColumnRefSchema,
  z.tuple([DateUnitSchema, ColumnRefSchema]),
  z.tuple([z.literal("aggregation"), z.int().min(0)]),
]);
export type OrderTarget = z.infer<typeof OrderTargetSchema>;

export const OrderBySchema = z.tuple([z.enum(["asc", "desc"]), OrderTargetSchema]);
export type OrderBy = z.infer<typeof OrderBySchema>;

/**
 * A table to join. Joins only follow declared foreign keys, in either direction, between the new
 * table and one already in the query; `via` names the foreign-key column when more than one fits.
 * Joins are LEFT joins: rows of the source are kept when the joined table has no match.
 */
export const JoinSchema = z.strictObject({
  table: z.string().min(1).max(256),
  via: ColumnRefSchema.optional(),
});
export type Join = z.infer<typeof JoinSchema>;

/**
 * A structured query: JSON that names tables and columns from the synced metadata and carries
 * values that are always bound as parameters. See the README for the grammar and examples.
 * @example
 * const query: StructuredQuery = {
 *   source: "orders",
 *   filters: [["=", "status", "shipped"]],
 *   aggregations: [["count"], ["sum", "amount"]],
 *   breakouts: [["month", "ordered_at"]],
 * };
 */
export const StructuredQuerySchema = z.strictObject({
  source: z.string().min(1).max(256),
  joins: z.array(JoinSchema).optional(),
  filters: z.array(FilterSchema).optional(),
  aggregations: z.array(AggregationSchema).optional(),
  breakouts: z.array(BreakoutSchema).optional(),
  orderBy: z.array(OrderBySchema).optional(),
  limit: z.int().min(1).optional(),
});
export type StructuredQuery = z.infer<typeof StructuredQuerySchema>;
