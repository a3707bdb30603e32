import {
  GENERATOR_VERSION,
  SAMPLE_TABLES,
  type SampleTable,
  type SampleWarehousePlan,
} from "../plan-sample-warehouse";
import { SampleDataError } from "../sample-data-error";
import { generateTableChunks, type RowChunk, TABLE_COLUMNS } from "./generate-table-chunks";
import {
  createMetaTableSql,
  createTablesSql,
  dropTablesSql,
  finishTablesSql,
  META_TABLE,
  qualified,
} from "./warehouse-sql";

/** What a seeding run needs from a connection that is already inside a transaction. */
export interface SeedSession {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Loads the chunks (COPY text) into `table` (qualified), calling `onRows` as each chunk is
   * handed over. The table was created in this transaction, so a COPY may use FREEZE.
   */
  copyFrom(
    table: string,
    columns: ReadonlyArray<readonly [name: string, type: string]>,
    chunks: Iterable<RowChunk>,
    onRows: (rows: number) => void,
  ): Promise<void>;
  /** Rows per COPY chunk this session handles well. */
  readonly rowsPerChunk: number;
}

export interface SampleWarehouseProgress {
  /** `load` while rows stream in; `finish` while keys, indexes and statistics are built. */
  phase: "load" | "finish";
  /** The table being loaded (during `load`). */
  table?: SampleTable;
  rowsWritten: number;
  totalRows: number;
}

export interface SampleWarehouseResult {
  /** `already_seeded`: the target held this exact generation and was left untouched. */
  status: "seeded" | "already_seeded";
  rows: Record<SampleTable, number>;
  /** Fact rows (orders + invoices + usage_events). */
  factRows: number;
  /** All rows, accounts included. */
  totalRows: number;
  seconds: number;
  /** totalRows / seconds for a fresh seed; 0 when already seeded. */
  rowsPerSecond: number;
}

/** The identity of a generation: everything that changes the rows, nothing that does not. */
export function fingerprintOf(plan: SampleWarehousePlan): string {
  const { tenants, accountsPerTenant, rowsPerAccount, seed, anchorDate } = plan.options;
  return JSON.stringify({
    generatorVersion: GENERATOR_VERSION,
    tenants,
    accountsPerTenant,
    rowsPerAccount,
    seed,
    anchorDate,
  });
}

function describeFingerprint(fingerprint: string): string {
  try {
    const fields = JSON.parse(fingerprint) as Record<string, unknown>;
    return Object.entries(fields)
      .map(([key, value]) => `${key}=${String(value)}`)
      .join(", ");
  } catch {
    return fingerprint;
  }
}

async function existingTables(session: SeedSession, schema: string): Promise<string[]> {
  const names = [...SAMPLE_TABLES, META_TABLE];
  const rows = await session.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = ANY($2::text[])`,
    [schema, names],
  );
  return rows.map((row) => row.name);
}

/**
 * Decides between "already seeded", "refuse" and "(re)build", then builds. Runs inside the
 * caller's transaction, so a failure at any point leaves the target as it was.
 */
export async function seedSession(
  session: SeedSession,
  plan: SampleWarehousePlan,
  force: boolean,
  onProgress: ((progress: SampleWarehouseProgress) => void) | undefined,
): Promise<SampleWarehouseResult["status"]> {
  const { schema } = plan.options;
  const fingerprint = fingerprintOf(plan);
  // Two seeders racing on one schema would otherwise both see "empty" and both build.
  await session.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
    `embed_sample_data:${schema}`,
  ]);
  const existing = await existingTables(session, schema);
  if (existing.length > 0) {
    const meta = existing.includes(META_TABLE)
      ? await session.query<{ fingerprint: string; options: unknown }>(
          `SELECT fingerprint, options FROM ${qualified(schema, META_TABLE)} WHERE id = 1`,
        )
      : [];
    const isComplete = SAMPLE_TABLES.every((table) => existing.includes(table));
    if (meta[0]?.fingerprint === fingerprint && isComplete) {
      return "already_seeded";
    }
    if (!force) {
      throw meta[0]
        ? new SampleDataError(
            "warehouse_seeded_differently",
            `schema "${schema}" already holds other sample data (${describeFingerprint(meta[0].fingerprint)}); pass force to drop and rebuild it`,
          )
        : new SampleDataError(
            "warehouse_tables_exist",
            `schema "${schema}" already has tables (${existing.join(", ")}) not made by @embed/sample-data; pass force to drop them`,
          );
    }
    await session.query(dropTablesSql(schema));
  }

  await session.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  for (const sql of createTablesSql(schema)) await session.query(sql);

  let rowsWritten = 0;
  for (const table of SAMPLE_TABLES) {
    onProgress?.({ phase: "load", table, rowsWritten, totalRows: plan.totalRows });
    await session.copyFrom(
      qualified(schema, table),
      TABLE_COLUMNS[table],
      generateTableChunks(plan, table, session.rowsPerChunk),
      (rows) => {
        rowsWritten += rows;
        onProgress?.({ phase: "load", table, rowsWritten, totalRows: plan.totalRows });
      },
    );
  }

  onProgress?.({ phase: "finish", rowsWritten, totalRows: plan.totalRows });
  for (const sql of finishTablesSql(schema)) await session.query(sql);
  await session.query(createMetaTableSql(schema));
  await session.query(
    `INSERT INTO ${qualified(schema, META_TABLE)} (id, generator_version, fingerprint, options, row_counts)
     VALUES (1, $1, $2, $3::jsonb, $4::jsonb)`,
    [GENERATOR_VERSION, fingerprint, JSON.stringify(plan.options), JSON.stringify(plan.rows)],
  );
  return "seeded";
}
