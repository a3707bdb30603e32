import { z } from "zod";

/** What a column means to people, which decides the operations offered on it. */
export const SemanticTypeSchema = z.enum(["id", "number", "date", "category", "text", "boolean"]);
export type SemanticType = z.infer<typeof SemanticTypeSchema>;

export const ColumnMetadataSchema = z.object({
  name: z.string().min(1),
  displayName: z.string(),
  /** The warehouse's own type name (`integer`, `numeric`, `timestamp with time zone`, …). */
  databaseType: z.string(),
  semanticType: SemanticTypeSchema,
  /** Part of the table's primary key (used to keep rows distinct when policies are combined). */
  primaryKey: z.boolean().optional(),
  /** A declared single-column foreign key: joins may only follow these. */
  foreignKey: z.object({ table: z.string().min(1), column: z.string().min(1) }).optional(),
});
export type ColumnMetadata = z.infer<typeof ColumnMetadataSchema>;

export const TableMetadataSchema = z.object({
  name: z.string().min(1),
  schema: z.string().min(1),
  displayName: z.string(),
  columns: z.array(ColumnMetadataSchema),
});
export type TableMetadata = z.infer<typeof TableMetadataSchema>;

/**
 * The warehouse's tables as the app synced them (see `introspectWarehouse`). Table names are unique
 * across schemas: a query names a table by `name` alone.
 */
export const WarehouseMetadataSchema = z.object({ tables: z.array(TableMetadataSchema) });
export type WarehouseMetadata = z.infer<typeof WarehouseMetadataSchema>;
