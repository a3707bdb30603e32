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

/** Per transaction, for a statement that may carry raw SQL: undone by the ROLLBACK after it. */
const TRANSACTION_SETUP_SQL =
  "SELECT pg_backend_pid() AS pid, set_config('statement_timeout', $1, true), set_config('TimeZone', 'UTC', true)";
/**
 * Per connection, for the compiler's own statements: kept by the session (is_local false) until
 * the connection closes. Raw SQL could change them too, which is why it only ever runs inside a
 * rolled-back transaction; the pid is remembered for `pg_cancel_backend`. pg ends each pipelined
 * statement with its own Sync, so the setup commits on its own (a failing query does not undo
 * it) and, should it fail, the query after it ran without it: that result is dropped and the
 * connection closed. PGlite behind a socket has one session for all its connections: there the
 * settings reach every later connection too (the embedded warehouse is only written by its seed,
 * at startup, before any query).
 */
const SESSION_SETUP_SQL =
  "SELECT pg_backend_pid() AS pid, set_config('default_transaction_read_only', 'on', false), set_config('statement_timeout', $1, false), set_config('TimeZone', 'UTC', false)";

/** What a pooled connection's session was set up with by {@link SESSION_SETUP_SQL}. */
interface SessionSetup {
  pid: number;
  timeoutMs: number;
}

/**
 * A PostgreSQL warehouse through a `pg` pool. A statement written only by the compiler
 * (`hasRawSql: false`) is the one statement sent — a single round trip — on a connection whose
 * session is read-only (`default_transaction_read_only`), in UTC and under the call's
 * `statement_timeout`; a connection not yet set up so, or set to another budget, gets that setup
 * pipelined in front of the statement. Anything else (native SQL, SQL views, no flag) runs in its
 * own READ ONLY transaction, always rolled back, with `statement_timeout` set LOCAL: the rollback
 * undoes whatever the SQL changed, session settings included, so the connection goes back to the
 * pool as it came. A timeout or an abort cancels the statement on the server with
 * `pg_cancel_backend` and discards the connection; so does any doubt about its state.
 * @example
 * const driver = createPostgresDriver({ connectionString: env.WAREHOUSE_URL, poolSize: 10 });
 * const result = await executeQuery(driver, compiled, { timeoutMs: 30_000, signal });
 */
export function createPostgresDriver(options: PostgresDriverOptions): WarehouseDriver {
  const { connectionString, poolSize = 10 } = options;
  const pool = new pg.Pool({ connectionString, max: poolSize, types, pipeline: true });
  // An idle connection dropped by the server must not crash the process: the pool replaces it.
  pool.on("error", noop);
  // Keyed by the pool's client: a discarded connection's entry goes with it.
  const sessions = new WeakMap<pg.PoolClient, SessionSetup>();

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
      const timeoutMs = executeOptions?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      return runInterruptible(executeOptions, async (control) => {
        const client = await pool.connect();
        // Fail closed: only an explicit `false` from the compiler skips the transaction.
        const isCompilerOnly = statement.hasRawSql === false;
        const session = sessions.get(client);
        let pid = session?.pid;
        control.onInterrupt(() => {
          if (pid !== undefined) void cancelBackend(pid);
        });
        if (control.interruption) {
          client.release();
          throw new Error("interrupted before start");
        }
        // Pipelined: whatever is sent leaves in one write and costs one round trip. In steady
        // state a compiler-only statement is sent alone. Raw SQL always gets BEGIN READ ONLY …
        // ROLLBACK around it: a read has nothing to commit, and whatever READ ONLY lets through
        // (a large object on PostgreSQL 15, a session-level set_config) is undone rather than
        // left on the warehouse or on the pooled connection — so the session stays as its last
        // setup left it, and only a compiler-only statement ever (re)sets it up.
        const isSessionSetUp = isCompilerOnly && session?.timeoutMs === timeoutMs;
        if (isCompilerOnly && !isSessionSetUp) sessions.delete(client);
        const begin = isCompilerOnly ? undefined : client.query("BEGIN READ ONLY");
        const setup = isSessionSetUp
          ? undefined
          : client.query<{ pid: number }>(
              isCompilerOnly ? SESSION_SETUP_SQL : TRANSACTION_SETUP_SQL,
              [String(timeoutMs)],
            );
        const query = client.query<unknown[]>({
          text: statement.sql,
          values: [...statement.parameters],
          rowMode: "array",
        });
        const end = isCompilerOnly ? undefined : client.query("ROLLBACK");
        setup?.then((result) => {
          pid = result.rows[0]?.pid;
          if (control.interruption && pid !== undefined) void cancelBackend(pid);
        }, noop);
        const [began, setUp, ran, ended] = await Promise.allSettled([begin, setup, query, end]);
        // After an interruption or a failed BEGIN, setup or ROLLBACK the connection's state is
        // not worth trusting: it is closed rather than handed to the next caller.
        const isHealthy =
          began.status === "fulfilled" &&
          setUp.status === "fulfilled" &&
          ended.status === "fulfilled" &&
          !control.interruption;
        if (isHealthy && isCompilerOnly && !isSessionSetUp && typeof pid === "number") {
          sessions.set(client, { pid, timeoutMs });
        }
        client.release(isHealthy ? undefined : true);
        // A result from outside the read-only transaction (or session) is not returned, even if
        // there is one.
        if (began.status === "rejected") throw began.reason;
        if (setUp.status === "rejected") throw setUp.reason;
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
          // A transaction even on a session already set up: DECLARE CURSOR needs one, and the
          // LOCAL settings and the ROLLBACK keep the cursor's SQL off the session's.
          await client.query("BEGIN READ ONLY");
          const setup = await client.query<{ pid: number }>(TRANSACTION_SETUP_SQL, [timeoutMs]);
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
