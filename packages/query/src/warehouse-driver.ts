import type { SqlDialect } from "./sql-dialect";

/** A statement to run: a `CompiledQuery`, or any `{ sql, parameters }` this package built. */
export interface Statement {
  sql: string;
  parameters: readonly unknown[];
  /** When present, must be the driver's dialect: SQL for one engine is not run on another. */
  dialect?: string;
}

export interface ExecuteOptions {
  /** Time budget for the whole call, in milliseconds (default 30 000). */
  timeoutMs?: number;
  /** Aborting rejects the call with `query_cancelled` and stops the statement on the warehouse. */
  signal?: AbortSignal;
}

/** Rows as arrays, in the statement's column order. */
export interface ExecuteResult {
  rows: unknown[][];
  rowCount: number;
  /** The result's column names, in order (what names a native query's columns). */
  fields: string[];
}

/**
 * A connection to a warehouse. Every statement runs in a READ ONLY transaction that is always
 * rolled back, with the session time zone set to UTC and the time budget applied, so nothing a
 * query does can write or outlive the call — native SQL included.
 */
export interface WarehouseDriver {
  readonly dialect: SqlDialect;
  execute(statement: Statement, options?: ExecuteOptions): Promise<ExecuteResult>;
  close(): Promise<void>;
}
