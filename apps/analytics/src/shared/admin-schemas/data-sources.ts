import { SemanticTypeSchema } from "@embed/query/schemas";
import { z } from "zod";

// The admin API's data-source and metadata requests: parsed by its routes, and checked by the
// console's forms before they send (no server code here, so a client component may import it).

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "postgres:" || url.protocol === "postgresql:";
  } catch {
    return false;
  }
}

const DataSourceNameSchema = z.string().trim().min(1).max(100);

// The messages never repeat the value: a connection URL may hold a password.
const DataSourceUrlSchema = z
  .string()
  .max(2000)
  .refine(isPostgresUrl, "must be a postgres:// or postgresql:// connection URL");

export const CreateDataSourceSchema = z
  .object({ name: DataSourceNameSchema, url: DataSourceUrlSchema })
  .strict();

export const TestDataSourceSchema = z.object({ url: DataSourceUrlSchema }).strict();
export type TestDataSourceInput = z.infer<typeof TestDataSourceSchema>;

export const UpdateDataSourceSchema = z
  .object({ name: DataSourceNameSchema.optional(), url: DataSourceUrlSchema.optional() })
  .strict()
  .refine(
    (input) => input.name !== undefined || input.url !== undefined,
    "name or url is required",
  );
export type UpdateDataSourceInput = z.infer<typeof UpdateDataSourceSchema>;

/** Table metadata an administrator curates; a sync keeps it (see `applyWarehouseMetadata`). */
export const UpdateTableSchema = z
  .object({
    displayName: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(2000).nullable().optional(),
    visible: z.boolean().optional(),
  })
  .strict();
export type UpdateTableInput = z.infer<typeof UpdateTableSchema>;

/** Column metadata an administrator curates; a sync keeps it. */
export const UpdateColumnSchema = z
  .object({
    displayName: z.string().trim().min(1).max(200).optional(),
    semanticType: SemanticTypeSchema.optional(),
    visible: z.boolean().optional(),
  })
  .strict();
export type UpdateColumnInput = z.infer<typeof UpdateColumnSchema>;
