import type { SqlDialect } from "./sql-dialect";

/** A statement to run: a `CompiledQuery`, or any `{ sql, parameters }` this package built. */
export interface Statement {
  sql: string;
  parameters: readonly unknown[];
  /** When present, must be the driver's dialect: SQL for one engine is not run on another. */
  dialect?: string;
  /**
   * `false` only when every word of `sql` was written by this package's compiler from validated
   * models — no native SQL, no SQL view. Such a statement cannot change a setting, so a driver may
   * run it alone on a connection already set up read-only (see {@link WarehouseDriver}). Absent
   * or `true`: it runs in a READ ONLY transaction that is always rolled back.
   */
  hasRawSql?: boolean;
}

export interface ExecuteOptions {
  /** Time budget for the whole call, in milliseconds (default 30 000). */
  timeoutMs?: number;
  /** Aborting rejects the call with `query_cancelled` and stops the statement on the warehouse. */
  signal?: AbortSignal;
}

export interface StreamOptions extends ExecuteOptions {
  /** Rows per `FETCH` (default 1000). */
  batchSize?: number;
}

/** An open cursor. Reading after the end, an error or `close()` returns `null`. */
export interface RowCursor {
  /** The result's column names, in order. */
  readonly fields: string[];
  /** The next batch of rows (never empty), or `null` at the end. */
  read(): Promise<unknown[][] | null>;
  /** Ends the transaction and gives the connection back; safe to call more than once. */
  close(): Promise<void>;
}

/** Rows as arrays, in the statement's column order. */
export interface ExecuteResult {
  rows: unknown[][];
  rowCount: number;
  /** The result's column names, in order (what names a native query's columns). */
  fields: string[];
}

/**
 * A connection to a warehouse. Every statement runs read-only, in UTC, under the call's time
 * budget, and nothing it does can write or outlive the call — native SQL included:
 * - a statement that may carry raw SQL (`hasRawSql` true or absent) runs in a READ ONLY
 *   transaction that is always rolled back, which also undoes a session-level `set_config`;
 * - one written only by the compiler (`hasRawSql: false`) may run alone, as one statement, on a
 *   connection whose session was set read-only, UTC and to the same budget: it cannot change
 *   those settings, so the next caller finds them intact.
 */
export interface WarehouseDriver {
  readonly dialect: SqlDialect;
  execute(statement: Statement, options?: ExecuteOptions): Promise<ExecuteResult>;
  /**
   * Opens the statement as a server-side cursor (`DECLARE … CURSOR` in the same READ ONLY,
   * rolled-back transaction as `execute`) and reads it in batches, so no whole result is ever held.
   * The time budget and the signal cover the cursor's whole life; the caller must `close()` it.
   */
  stream(statement: Statement, options?: StreamOptions): Promise<RowCursor>;
  close(): Promise<void>;
}
