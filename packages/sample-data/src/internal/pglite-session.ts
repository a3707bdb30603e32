import type { PGliteInterface } from "@electric-sql/pglite";
import type { SeedSession } from "./seed-session";

/**
 * Runs `work` in one PGlite transaction. PGlite has no COPY FROM STDIN; it reads COPY input from a
 * Blob mounted at /dev/blob, so rows go in as bounded chunks, one COPY per chunk.
 */
export async function withPGliteSession<T>(
  db: PGliteInterface,
  work: (session: SeedSession) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query("SET LOCAL maintenance_work_mem = '128MB'");
    const session: SeedSession = {
      // ~4 MB of text per COPY: large enough to amortise the per-statement cost, small enough to
      // keep the Blob (and the WASM heap that mirrors it) flat however big the table grows.
      rowsPerChunk: 50_000,
      async query<R>(sql: string, params?: unknown[]) {
        const result = await tx.query<R>(sql, params);
        return result.rows;
      },
      async copyFrom(table, columns, chunks, onRows) {
        const names = columns.map(([name]) => name).join(", ");
        for (const chunk of chunks) {
          await tx.query(`COPY ${table} (${names}) FROM '/dev/blob' WITH (FREEZE)`, [], {
            blob: new Blob([chunk.text]),
          });
          onRows(chunk.rows);
        }
      },
    };
    return work(session);
  });
}
