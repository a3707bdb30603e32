import type { PGliteInterface } from "@electric-sql/pglite";
import { checkStatement, runInterruptible } from "./internal/interruptible";
import { type CursorSession, openCursor } from "./internal/open-cursor";
import { TEXT_PARSERS } from "./internal/type-parsers";
import { postgresDialect } from "./sql-dialect";
import type { WarehouseDriver } from "./warehouse-driver";

/**
 * A warehouse in PGlite (the embedded default). Takes an open instance and leaves it open:
 * `close()` does nothing, the instance's owner closes it. Every statement, `hasRawSql` or not,
 * runs in a READ ONLY transaction, always rolled back: the session is the owner's, who may write
 * through it, so it is never set read-only for good — and a call on this thread has no network
 * round trip to save. PGlite runs on this thread and cannot interrupt a statement: a timeout or an abort
 * rejects the call at once, while the statement finishes in the background and its result is
 * discarded.
 * @example
 * const driver = createPgliteDriver(await openSampleWarehouse(dataDir));
 */
export function createPgliteDriver(pglite: PGliteInterface): WarehouseDriver {
  return {
    dialect: postgresDialect,
    async execute(statement, options) {
      checkStatement(statement, postgresDialect.name);
      return runInterruptible(options, (control) =>
        pglite.transaction(async (tx) => {
          await tx.query("SET TRANSACTION READ ONLY");
          await tx.query("SELECT set_config('TimeZone', 'UTC', true)");
          if (control.interruption) throw new Error("interrupted before the statement");
          const result = await tx.query<unknown[]>(statement.sql, [...statement.parameters], {
            rowMode: "array",
            parsers: TEXT_PARSERS,
          });
          // Nothing to commit: rolling back also undoes what READ ONLY allows (a session-level
          // set_config would otherwise outlive the call on this shared instance).
          await tx.rollback();
          return {
            rows: result.rows,
            rowCount: result.rows.length,
            fields: result.fields.map((field) => field.name),
          };
        }),
      );
    },
    async stream(statement, options) {
      checkStatement(statement, postgresDialect.name);
      return openCursor(() => beginSession(pglite), statement, options);
    },
    close: async () => undefined,
  };
}

/**
 * A read-only transaction held open until `end()`: PGlite's transaction() holds the instance's
 * lock for as long as its callback runs, so the callback waits for the cursor's owner. Other
 * statements on the instance queue meanwhile, which is why a cursor's life is bounded by its
 * time budget.
 */
function beginSession(pglite: PGliteInterface): Promise<CursorSession> {
  return new Promise((resolve, reject) => {
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((done) => {
      finish = done;
    });
    const transaction = pglite.transaction(async (tx) => {
      await tx.query("SET TRANSACTION READ ONLY");
      await tx.query("SELECT set_config('TimeZone', 'UTC', true)");
      resolve({
        async query(sql, parameters = []) {
          const result = await tx.query<unknown[]>(sql, [...parameters], {
            rowMode: "array",
            parsers: TEXT_PARSERS,
          });
          return { rows: result.rows, fields: result.fields.map((field) => field.name) };
        },
        async end() {
          finish();
          await transaction.catch(() => undefined);
        },
        cancel: () => undefined,
      });
      await finished;
      await tx.rollback();
    });
    transaction.catch(reject);
  });
}
