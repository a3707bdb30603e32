import { ScalarSchema } from "@embed/query/schemas";
import { z } from "zod";

// The admin API's permission and policy requests: parsed by its routes, and checked by the
// console's forms before they send (no server code here, so a client component may import it).

export const PermissionLevelSchema = z.enum(["none", "full", "sandboxed"]);

export const PutPermissionSchema = z
  .object({
    groupId: z.number().int().positive(),
    tableId: z.number().int().positive(),
    level: PermissionLevelSchema,
  })
  .strict();

const GroupId = z.number().int().positive();

const TableId = z.number().int().positive();

/** A user attribute's name, as it arrives in the SSO token's claims. */
export const AttributeNameSchema = z.string().trim().min(1).max(100);

export const SqlViewSchema = z.string().trim().min(1).max(20_000);

export const PutRowPolicySchema = z.discriminatedUnion("kind", [
  z
    .object({
      groupId: GroupId,
      tableId: TableId,
      kind: z.literal("column_attribute"),
      columnId: z.number().int().positive(),
      attributeName: AttributeNameSchema,
    })
    .strict(),
  z
    .object({ groupId: GroupId, tableId: TableId, kind: z.literal("sql_view"), sql: SqlViewSchema })
    .strict(),
]);

export const PutColumnPolicySchema = z
  .object({
    groupId: GroupId,
    tableId: TableId,
    visibleColumnIds: z.array(z.number().int().positive()).max(2000),
  })
  .strict();

/** The console's "Preview" of a SQL view: the table read through it for typed attribute values. */
export const PreviewSqlViewSchema = z
  .object({
    tableId: TableId,
    sql: SqlViewSchema,
    attributes: z
      .record(AttributeNameSchema, z.union([ScalarSchema, z.array(ScalarSchema).max(500)]))
      .refine((attributes) => Object.keys(attributes).length <= 100, "at most 100 attributes"),
  })
  .strict();

export const NativeGrantSchema = z
  .object({ groupId: GroupId, dataSourceId: z.number().int().positive() })
  .strict();
