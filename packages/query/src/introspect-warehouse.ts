import { sql } from "kysely";
import { columnKind } from "./internal/column-kind";
import { kyselyFor } from "./internal/kysely-for";
import type { ColumnMetadata, SemanticType, TableMetadata, WarehouseMetadata } from "./metadata";
import type { WarehouseDriver } from "./warehouse-driver";

export interface IntrospectWarehouseOptions {
  /** The schema to read (default `public`). */
  schema?: string;
  /** Rows sampled per table to tell categories from free text (default 1000). */
  sampleSize?: number;
  /** A text column with at most this many distinct values in the sample is a category (default 30). */
  maxCategoryValues?: number;
  /** Time budget per catalog query, in milliseconds (default 60 000). */
  timeoutMs?: number;
}

const COLUMNS_SQL = `
SELECT c.table_name, c.column_name, c.data_type
FROM information_schema.columns c
JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
WHERE c.table_schema = $1 AND t.table_type IN ('BASE TABLE', 'VIEW')
ORDER BY c.table_name, c.ordinal_position`;

// Primary keys (every column of a composite key) and single-column foreign keys within the schema.
const KEYS_SQL = `
SELECT cl.relname, con.contype, a.attname, fcl.relname, fa.attname
FROM pg_constraint con
JOIN pg_class cl ON cl.oid = con.conrelid
JOIN pg_namespace n ON n.oid = cl.relnamespace
CROSS JOIN LATERAL unnest(con.conkey) AS k(attnum)
JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
LEFT JOIN pg_class fcl ON fcl.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fcl.relnamespace
LEFT JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = con.confkey[1]
WHERE n.nspname = $1
  AND (con.contype = 'p' OR (con.contype = 'f' AND cardinality(con.conkey) = 1 AND fn.nspname = $1))`;

/** `ordered_at` → `Ordered At`, `account_id` → `Account ID`. */
function humanize(name: string): string {
  return name
    .split(/[_\s]+/)
    .filter(Boolean)
    .map((word) =>
      word.toLowerCase() === "id" ? "ID" : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join(" ");
}

function guessSemanticType(column: ColumnMetadata): SemanticType {
  const kind = columnKind(column).kind;
  if (kind === "boolean") return "boolean";
  const isKey =
    column.primaryKey === true ||
    column.foreignKey !== undefined ||
    column.name.toLowerCase() === "id" ||
    column.name.toLowerCase().endsWith("_id");
  if (isKey && (kind === "integer" || kind === "uuid" || kind === "text")) return "id";
  if (kind === "uuid") return "id";
  if (kind === "integer" || kind === "decimal") return "number";
  if (kind === "date" || kind === "timestamp") return "date";
  return "text";
}

/**
 * Reads a warehouse schema's tables, columns, types, primary and foreign keys from
 * information_schema and pg_catalog, and guesses each column's semantic type: keys and `*_id` →
 * id, numbers → number, dates and timestamps → date, booleans → boolean, text with few distinct
 * values in a sample → category, other text → text. The app stores the result (and may edit it).
 * @example
 * const metadata = await introspectWarehouse(driver, { schema: "public" });
 */
export async function introspectWarehouse(
  driver: WarehouseDriver,
  options: IntrospectWarehouseOptions = {},
): Promise<WarehouseMetadata> {
  const schema = options.schema ?? "public";
  const sampleSize = options.sampleSize ?? 1000;
  const maxCategoryValues = options.maxCategoryValues ?? 30;
  const run = { timeoutMs: options.timeoutMs ?? 60_000 };

  const columns = await driver.execute({ sql: COLUMNS_SQL, parameters: [schema] }, run);
  const keys = await driver.execute({ sql: KEYS_SQL, parameters: [schema] }, run);

  const tables = new Map<string, TableMetadata>();
  for (const [table, column, dataType] of columns.rows as [string, string, string][]) {
    let entry = tables.get(table);
    if (!entry) {
      entry = { name: table, schema, displayName: humanize(table), columns: [] };
      tables.set(table, entry);
    }
    entry.columns.push({
      name: column,
      displayName: humanize(column),
      databaseType: dataType,
      semanticType: "text",
    });
  }
  for (const [table, type, column, foreignTable, foreignColumn] of keys.rows as [
    string,
    string,
    string,
    string | null,
    string | null,
  ][]) {
    const target = tables.get(table)?.columns.find((c) => c.name === column);
    if (!target) continue;
    if (type === "p") target.primaryKey = true;
    if (type === "f" && foreignTable && foreignColumn && tables.has(foreignTable)) {
      target.foreignKey = { table: foreignTable, column: foreignColumn };
    }
  }

  const db = kyselyFor(driver.dialect);
  for (const table of tables.values()) {
    for (const column of table.columns) column.semanticType = guessSemanticType(column);
    // Text that is not a key: a category when a sample shows few distinct values, repeated.
    const texts = table.columns.filter(
      (c) => c.semanticType === "text" && columnKind(c).kind === "text",
    );
    if (texts.length === 0) continue;
    const measures = texts.flatMap((c, i) => [
      sql`count(distinct ${sql.id(c.name)}) as ${sql.id(`d${i}`)}`,
      sql`count(${sql.id(c.name)}) as ${sql.id(`n${i}`)}`,
    ]);
    const sample = sql`select ${sql.join(measures)} from (select ${sql.join(
      texts.map((c) => sql.id(c.name)),
    )} from ${sql.id(table.schema, table.name)} limit ${sampleSize}) as "sample"`.compile(db);
    const [counts] = (await driver.execute(sample, run)).rows;
    texts.forEach((column, i) => {
      const distinct = Number(counts?.[2 * i] ?? 0);
      const present = Number(counts?.[2 * i + 1] ?? 0);
      if (present > 0 && distinct <= maxCategoryValues && distinct <= present / 2) {
        column.semanticType = "category";
      }
    });
  }
  return { tables: [...tables.values()] };
}
