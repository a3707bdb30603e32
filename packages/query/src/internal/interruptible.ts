import { QueryError } from "../query-error";
import type { ExecuteOptions, Statement } from "../warehouse-driver";
import { cancelledError, type Interruption, timeoutError, toQueryError } from "./driver-errors";

export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_TIMEOUT_MS = 2_147_483_647;

export interface RunControl {
  /** Set once the call was timed out or cancelled. */
  readonly interruption: Interruption | undefined;
  /** Called (once) when the call is interrupted, e.g. to cancel the statement on the server. */
  onInterrupt(listener: () => void): void;
}

export function checkStatement(statement: Statement, dialectName: string): void {
  if (statement.dialect !== undefined && statement.dialect !== dialectName) {
    throw new QueryError(
      "invalid_query",
      `this statement was compiled for ${statement.dialect}, but the warehouse speaks ${dialectName}`,
    );
  }
}

/**
 * Runs `work` under a time budget and an AbortSignal. An interruption rejects at once (the caller
 * is not kept waiting for the warehouse to acknowledge it); `work` is told so it can stop the
 * statement and clean up in the background.
 */
export function runInterruptible<T>(
  options: ExecuteOptions | undefined,
  work: (control: RunControl) => Promise<T>,
): Promise<T> {
  const timeoutMs = options?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
    return Promise.reject(new RangeError("timeoutMs must be a positive integer of milliseconds"));
  }
  const signal = options?.signal;
  if (signal?.aborted) return Promise.reject(cancelledError());

  return new Promise<T>((resolve, reject) => {
    let interruption: Interruption | undefined;
    const listeners: (() => void)[] = [];
    const interrupt = (why: Interruption) => {
      if (interruption) return;
      interruption = why;
      reject(why === "timeout" ? timeoutError(timeoutMs) : cancelledError());
      for (const listener of listeners) listener();
    };
    const onAbort = () => interrupt("cancelled");
    signal?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => interrupt("timeout"), timeoutMs);
    const control: RunControl = {
      get interruption() {
        return interruption;
      },
      onInterrupt: (listener) => {
        listeners.push(listener);
      },
    };
    work(control)
      .then(resolve, (error: unknown) => reject(toQueryError(error, interruption, timeoutMs)))
      .finally(() => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      });
  });
}
