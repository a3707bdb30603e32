import { z } from "zod";

/** A user-attribute value as it comes from the SSO token. */
export const ScalarSchema = z.union([z.string(), z.number(), z.boolean()]);
export type Scalar = z.infer<typeof ScalarSchema>;

/**
 * An attribute's value as resolved for one viewer: `undefined` (or `null`) when the viewer does
 * not have it — which makes the filter match no rows, never all rows.
 */
export const AttributeValueSchema = z.union([ScalarSchema, z.array(ScalarSchema)]).nullish();
export type AttributeValue = Scalar | Scalar[] | null | undefined;

/**
 * One row filter of a sandbox, already resolved for a viewer.
 * - `column_attribute`: `column = value` (a list value means `column IN (…)`, an empty list none).
 * - `sql_view`: the table is replaced by an administrator's `SELECT` in which each `{{name}}`
 *   placeholder becomes a bound parameter (a list binds as one array: write `= ANY({{name}})`).
 */
export const RowFilterSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("column_attribute"),
    column: z.string().min(1),
    value: AttributeValueSchema,
    attribute: z.string().optional(),
  }),
  z.object({
    kind: z.literal("sql_view"),
    sql: z.string().min(1),
    attributes: z.record(z.string(), AttributeValueSchema),
  }),
]);
export type RowFilter =
  | {
      kind: "column_attribute";
      column: string;
      value: AttributeValue;
      /** The attribute the value was read from: for explanations only, never compiled. */
      attribute?: string;
    }
  | { kind: "sql_view"; sql: string; attributes: Record<string, AttributeValue> };

/**
 * A viewer's access to one table. `sandboxed` rows are those matching ANY of `rowFilters` (none
 * listed: no rows); `visibleColumns: null` means every column.
 */
export const TableAccessSchema = z.discriminatedUnion("level", [
  z.object({ level: z.literal("full") }),
  z.object({
    level: z.literal("sandboxed"),
    rowFilters: z.array(RowFilterSchema),
    visibleColumns: z.array(z.string()).nullable(),
  }),
]);
export type TableAccess =
  | { level: "full" }
  | { level: "sandboxed"; rowFilters: RowFilter[]; visibleColumns: string[] | null };

/**
 * The tables a viewer (or one group) may query. A table absent from `tables` does not exist for
 * that viewer: querying it fails exactly like querying a table that is not there.
 */
export const DataPolicySchema = z.object({ tables: z.record(z.string(), TableAccessSchema) });
export interface DataPolicy {
  tables: Record<string, TableAccess>;
}
