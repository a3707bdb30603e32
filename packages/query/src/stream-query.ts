import type { CompiledQuery, ResultColumn } from "./compile-query";
import { columnsFromFields } from "./execute-query";
import type { StreamOptions, WarehouseDriver } from "./warehouse-driver";

/** A compiled query read from a cursor in batches: the streaming twin of `QueryResult`. */
export interface QueryStream {
  columns: ResultColumn[];
  /** The next batch, or `null` once `maxRows` rows (or all of them) were read. */
  read(): Promise<unknown[][] | null>;
  /** Rows handed out so far. */
  readonly rowCount: number;
  /** More rows matched than `maxRows`; certain once `read()` returned `null` (maybe sooner). */
  readonly truncated: boolean;
  /** Ends the cursor's transaction; call it in every case (end, error, abort). */
  close(): Promise<void>;
}

/**
 * Runs a compiled query as a cursor: the same SQL `executeQuery` runs (so the same policy and the
 * same `maxRows + 1` limit), handed out in batches so no whole result is held in memory. A
 * native query's column types are guessed from its first batch.
 * @example
 * const stream = await streamQuery(driver, compiled, { signal });
 * try { for (let rows; (rows = await stream.read()); ) write(rows); } finally { await stream.close(); }
 */
export async function streamQuery(
  driver: WarehouseDriver,
  compiled: CompiledQuery,
  options?: StreamOptions,
): Promise<QueryStream> {
  const cursor = await driver.stream(compiled, options);
  let pending: unknown[][] | null;
  try {
    pending = await cursor.read();
  } catch (error) {
    await cursor.close();
    throw error;
  }
  const columns =
    compiled.columns.length > 0
      ? compiled.columns
      : columnsFromFields(cursor.fields, (pending ?? []).slice(0, compiled.maxRows));
  let rowCount = 0;
  // Known at once when the first batch already holds the extra row (a cap below the batch size).
  let truncated = (pending?.length ?? 0) > compiled.maxRows;
  let finished = false;
  return {
    columns,
    get rowCount() {
      return rowCount;
    },
    get truncated() {
      return truncated;
    },
    async read() {
      if (finished) return null;
      const rows = pending ?? (await cursor.read());
      pending = null;
      if (!rows) {
        finished = true;
        return null;
      }
      const room = compiled.maxRows - rowCount;
      if (rows.length > room) {
        // The one extra row the SQL fetched: there is more than the cap.
        truncated = true;
        finished = true;
        await cursor.close();
        if (room === 0) return null;
        rowCount += room;
        return rows.slice(0, room);
      }
      rowCount += rows.length;
      return rows;
    },
    close: () => cursor.close(),
  };
}
