import type { RowCursor, StreamOptions } from "../warehouse-driver";
import { cancelledError, type Interruption, timeoutError, toQueryError } from "./driver-errors";
import { DEFAULT_TIMEOUT_MS } from "./interruptible";

const MAX_TIMEOUT_MS = 2_147_483_647;
const DEFAULT_BATCH_SIZE = 1000;
const CURSOR_NAME = "embed_stream";
const noop = () => undefined;

/** One read-only transaction on one connection, already begun with its settings applied. */
export interface CursorSession {
  query(
    sql: string,
    parameters?: readonly unknown[],
  ): Promise<{ rows: unknown[][]; fields: string[] }>;
  /** Rolls back and gives the connection back; `healthy: false` discards it instead of reusing. */
  end(healthy: boolean): Promise<void>;
  /** Stops the running statement on the server, where the engine can. */
  cancel(): void;
}

/**
 * Declares `sql` as a cursor in a session the driver opened and reads it in batches. The time
 * budget and the signal run from opening to `close()`: an interruption rejects the pending read
 * at once, cancels the statement where possible and ends the transaction in the background.
 */
export async function openCursor(
  begin: () => Promise<CursorSession>,
  statement: { sql: string; parameters: readonly unknown[] },
  options: StreamOptions | undefined,
): Promise<RowCursor> {
  const timeoutMs = options?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const batchSize = options?.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
    throw new RangeError("timeoutMs must be a positive integer of milliseconds");
  }
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new RangeError("batchSize must be a positive integer");
  }
  const signal = options?.signal;
  if (signal?.aborted) throw cancelledError();

  let interruption: Interruption | undefined;
  let session: CursorSession | undefined;
  let ended: Promise<void> | undefined;
  let rejectPending: ((error: unknown) => void) | undefined;
  const sessionStarted = begin();

  const end = (healthy: boolean): Promise<void> => {
    if (!ended) {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      ended = sessionStarted.then((open) => open.end(healthy && !interruption), noop).catch(noop);
    }
    return ended;
  };
  const interrupt = (why: Interruption) => {
    if (interruption || ended) return;
    interruption = why;
    session?.cancel();
    rejectPending?.(why === "timeout" ? timeoutError(timeoutMs) : cancelledError());
    void end(false);
  };
  const onAbort = () => interrupt("cancelled");
  signal?.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => interrupt("timeout"), timeoutMs);

  /** One step of the cursor, raced against an interruption; a failure ends the transaction. */
  const step = <T>(work: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (interruption) return reject(toQueryError(undefined, interruption, timeoutMs));
      rejectPending = reject;
      work()
        .then(resolve, (error: unknown) => {
          void end(false);
          reject(toQueryError(error, interruption, timeoutMs));
        })
        .finally(() => {
          rejectPending = undefined;
        });
    });

  const fetch = `FETCH FORWARD ${batchSize} FROM ${CURSOR_NAME}`;
  const first = await step(async () => {
    session = await sessionStarted;
    if (interruption) throw new Error("interrupted before the statement");
    await session.query(
      `DECLARE ${CURSOR_NAME} NO SCROLL CURSOR FOR ${statement.sql}`,
      statement.parameters,
    );
    return session.query(fetch);
  });

  let buffered: unknown[][] | null = first.rows;
  let done = first.rows.length < batchSize;
  return {
    fields: first.fields,
    async read() {
      // After a timeout or an abort every read says so: a cut-off stream must not look complete.
      if (interruption) throw toQueryError(undefined, interruption, timeoutMs);
      if (buffered) {
        const rows = buffered;
        buffered = null;
        if (rows.length > 0) return rows;
      }
      if (done || ended) return null;
      const open = session as CursorSession;
      const next = await step(() => open.query(fetch));
      if (next.rows.length < batchSize) done = true;
      return next.rows.length > 0 ? next.rows : null;
    },
    close: () => end(!interruption),
  };
}
