import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { RowChunk } from "./generate-table-chunks";
import type { SeedSession } from "./seed-session";

function* texts(chunks: Iterable<RowChunk>, onRows: (rows: number) => void): Generator<string> {
  for (const chunk of chunks) {
    yield chunk.text;
    onRows(chunk.rows);
  }
}

/**
 * The same COPY text, split and cast by the server: one bound parameter per chunk. Only for
 * servers without COPY FROM STDIN (PGlite behind @electric-sql/pglite-socket loses protocol
 * sync on CopyData); a real PostgreSQL always gets COPY.
 */
function insertFromTextSql(
  table: string,
  columns: ReadonlyArray<readonly [name: string, type: string]>,
): string {
  const names = columns.map(([name]) => name).join(", ");
  const casts = columns.map(([, type], i) => `NULLIF(f[${i + 1}], '\\N')::${type}`).join(", ");
  return `INSERT INTO ${table} (${names})
    SELECT ${casts} FROM (
      SELECT string_to_array(line, E'\\t') AS f
      FROM unnest(string_to_array($1::text, E'\\n')) AS line WHERE line <> ''
    ) AS rows`;
}

/**
 * Runs `work` in one transaction on a fresh connection to `databaseUrl`. One transaction keeps
 * the target all-or-nothing, and it lets COPY … FREEZE skip the post-load hint-bit rewrite.
 */
export async function withPostgresSession<T>(
  databaseUrl: string,
  work: (session: SeedSession) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  // Without a listener a dropped connection is an uncaught 'error' event that kills the process;
  // the failing query rejects anyway, which is where the caller hears about it.
  client.on("error", () => undefined);
  await client.connect();
  try {
    const version = await client.query<{ isPGlite: boolean }>(
      `SELECT version() LIKE '%PGlite%' AS "isPGlite"`,
    );
    const hasCopyFromStdin = version.rows[0]?.isPGlite !== true;
    await client.query("BEGIN");
    // Index builds after the load are the slow part at scale; give them memory for this run only.
    await client.query("SET LOCAL maintenance_work_mem = '256MB'");
    const session: SeedSession = {
      rowsPerChunk: hasCopyFromStdin ? 2_000 : 10_000,
      async query<R>(sql: string, params?: unknown[]) {
        const result = await client.query(sql, params);
        return result.rows as R[];
      },
      async copyFrom(table, columns, chunks, onRows) {
        if (!hasCopyFromStdin) {
          const sql = insertFromTextSql(table, columns);
          for (const chunk of chunks) {
            await client.query(sql, [chunk.text]);
            onRows(chunk.rows);
          }
          return;
        }
        const names = columns.map(([name]) => name).join(", ");
        const stream = client.query(copyFrom(`COPY ${table} (${names}) FROM STDIN WITH (FREEZE)`));
        // pipeline() honours the socket's backpressure: generation pauses while Postgres catches up.
        await pipeline(Readable.from(texts(chunks, onRows)), stream);
      },
    };
    const result = await work(session);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
