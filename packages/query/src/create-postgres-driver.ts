import pg from "pg";
import { checkStatement, DEFAULT_TIMEOUT_MS, runInterruptible } from "./internal/interruptible";
import { type CursorSession, openCursor } from "./internal/open-cursor";
import { TEXT_PARSERS } from "./internal/type-parsers";
import { postgresDialect } from "./sql-dialect";
import type { WarehouseDriver } from "./warehouse-driver";

export interface PostgresDriverOptions {
  /** `postgres://user@host:5432/db`; the role should be able to read, and nothing more. */
  connectionString: string;
  /** Connections kept open (default 10). */
  poolSize?: number;
}

const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    (format ?? "text") === "text" && TEXT_PARSERS[oid]
      ? TEXT_PARSERS[oid]
      : pg.types.getTypeParser(oid, format ?? "text")) as typeof pg.types.getTypeParser,
};

const noop = () => undefined;

/**
 * A PostgreSQL warehouse through a `pg` pool. Each statement runs in its own READ ONLY
 * transaction, always rolled back, with `statement_timeout` set LOCAL to the call's budget (so it cannot outlive the
 * transaction or leak to the next user of the connection). A timeout or an abort cancels the
 * statement on the server with `pg_cancel_backend` and discards the connection.
 * @example
 * const driver = createPostgresDriver({ connectionString: env.WAREHOUSE_URL, poolSize: 10 });
 * const result = await executeQuery(driver, compiled, { timeoutMs: 30_000, signal });
 */
export function createPostgresDriver(options: PostgresDriverOptions): WarehouseDriver {
  const { connectionString, poolSize = 10 } = options;
  const pool = new pg.Pool({ connectionString, max: poolSize, types, pipeline: true });
  // An idle connection dropped by the server must not crash the process: the pool replaces it.
  pool.on("error", noop);

  /** Cancels a running statement from a separate connection (the pool may be exhausted). */
  async function cancelBackend(pid: number): Promise<void> {
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 });
    client.on("error", noop);
    try {
      await client.connect();
      await client.query("SELECT pg_cancel_backend($1)", [pid]);
    } catch {
      // Best effort: the connection is destroyed below either way, which ends the backend.
    } finally {
      await client.end().catch(noop);
    }
  }

  return {
    dialect: postgresDialect,
    async execute(statement, executeOptions) {
      checkStatement(statement, postgresDialect.name);
      const timeoutMs = executeOptions?.timeoutMs;
      return runInterruptible(executeOptions, async (control) => {
        const client = await pool.connect();
        let pid: number | undefined;
        control.onInterrupt(() => {
          if (pid !== undefined) void cancelBackend(pid);
        });
        if (control.interruption) {
          client.release();
          throw new Error("interrupted before start");
        }
        // Pipelined: the four statements leave in one write and cost one round trip. The
        // transaction always ends in ROLLBACK: a read has nothing to commit, and whatever READ
        // ONLY lets through (a large object on PostgreSQL 15, a session-level set_config) is undone
        // rather than left on the warehouse or on the pooled connection.
        const begin = client.query("BEGIN READ ONLY");
        const setup = client.query<{ pid: number }>(
          "SELECT pg_backend_pid() AS pid, set_config('statement_timeout', $1, true), set_config('TimeZone', 'UTC', true)",
          [String(timeoutMs ?? DEFAULT_TIMEOUT_MS)],
        );
        const query = client.query<unknown[]>({
          text: statement.sql,
          values: [...statement.parameters],
          rowMode: "array",
        });
        const end = client.query("ROLLBACK");
        setup.then((result) => {
          pid = result.rows[0]?.pid;
          if (control.interruption && pid !== undefined) void cancelBackend(pid);
        }, noop);
        const [began, , ran, ended] = await Promise.allSettled([begin, setup, query, end]);
        // After an interruption or a failed BEGIN/ROLLBACK the connection's state is not worth
        // trusting: it is closed rather than handed to the next caller.
        const isHealthy =
          began.status === "fulfilled" && ended.status === "fulfilled" && !control.interruption;
        client.release(isHealthy ? undefined : true);
        // A result from outside the read-only transaction is not returned, even if there is one.
        if (began.status === "rejected") throw began.reason;
        if (ran.status === "rejected") throw ran.reason;
        if (ended.status === "rejected") throw ended.reason;
        return {
          rows: ran.value.rows,
          rowCount: ran.value.rows.length,
          fields: ran.value.fields.map((field) => field.name),
        };
      });
    },
    async stream(statement, streamOptions) {
      checkStatement(statement, postgresDialect.name);
      const timeoutMs = String(streamOptions?.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const begin = async (): Promise<CursorSession> => {
        const client = await pool.connect();
        let pid: number | undefined;
        try {
          await client.query("BEGIN READ ONLY");
          const setup = await client.query<{ pid: number }>(
            "SELECT pg_backend_pid() AS pid, set_config('statement_timeout', $1, true), set_config('TimeZone', 'UTC', true)",
            [timeoutMs],
          );
          pid = setup.rows[0]?.pid;
        } catch (error) {
          client.release(true);
          throw error;
        }
        return {
          async query(sql, parameters = []) {
            const result = await client.query<unknown[]>({
              text: sql,
              values: [...parameters],
              rowMode: "array",
            });
            return { rows: result.rows, fields: result.fields.map((field) => field.name) };
          },
          async end(healthy) {
            // As in execute(): always ROLLBACK, and a connection in doubt is closed, not reused.
            const rolledBack = healthy
              ? await client.query("ROLLBACK").then(
                  () => true,
                  () => false,
                )
              : false;
            client.release(rolledBack ? undefined : true);
          },
          cancel() {
            if (pid !== undefined) void cancelBackend(pid);
          },
        };
      };
      return openCursor(begin, statement, streamOptions);
    },
    close: () => pool.end(),
  };
}
