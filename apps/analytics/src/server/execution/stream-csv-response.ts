import "server-only";
import { csvLine } from "@embed/contracts";
import { isQueryError, type QueryStream } from "@embed/query";
import { ApiError } from "../http/api-error";

export interface StreamOutcome {
  /** Data rows sent. */
  rows: number;
  truncated: boolean;
  /** The error code when the stream ended early (a warehouse error, the client going away). */
  error?: string;
}

/**
 * A CSV download read from a query stream as the client takes it: one warehouse batch is read
 * only when the response wants more bytes (backpressure), so memory stays at a batch whatever
 * the export's size. Cells follow @embed/contracts' CSV rule (formulas escaped). The stream is
 * closed — its transaction ended, its query slot given back — on completion, on error and when
 * the client goes away; `onEnd` then says what was sent.
 *
 * Headers go out before the last row is read, so truncation by the cap is only known up front
 * when the first batch shows it: `x-embed-truncated: true` then; otherwise a body with exactly
 * `x-embed-row-limit` data rows may have been cut off (the audit event records it exactly).
 */
export function streamCsvResponse(
  stream: QueryStream,
  options: {
    filename: string;
    maxRows: number;
    signal?: AbortSignal;
    onEnd: (outcome: StreamOutcome) => Promise<void>;
  },
): Response {
  const encoder = new TextEncoder();
  let ended: Promise<void> | undefined;
  const finish = (error?: unknown): Promise<void> => {
    if (!ended) {
      options.signal?.removeEventListener("abort", onAbort);
      const code =
        error === undefined
          ? undefined
          : isQueryError(error) || error instanceof ApiError
            ? error.code
            : "internal_error";
      ended = stream
        .close()
        .catch(() => undefined)
        .then(() =>
          options.onEnd({
            rows: stream.rowCount,
            truncated: stream.truncated,
            ...(code ? { error: code } : {}),
          }),
        );
    }
    return ended;
  };
  const onAbort = () => void finish(new ApiError("query_cancelled", 499, "The client went away."));
  options.signal?.addEventListener("abort", onAbort, { once: true });

  let headerSent = false;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          if (!headerSent) {
            headerSent = true;
            controller.enqueue(
              encoder.encode(csvLine(stream.columns.map((column) => column.displayName))),
            );
            return;
          }
          const rows = await stream.read();
          if (!rows) {
            await finish();
            controller.close();
            return;
          }
          let chunk = "";
          for (const row of rows) chunk += csvLine(row);
          controller.enqueue(encoder.encode(chunk));
        } catch (error) {
          await finish(error);
          controller.error(error);
        }
      },
      async cancel() {
        await finish(new ApiError("query_cancelled", 499, "The client went away."));
      },
    },
    // One chunk (one batch) ahead of the client at most.
    { highWaterMark: 1 },
  );
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${options.filename}"`,
      "cache-control": "private, no-store",
      "x-embed-row-limit": String(options.maxRows),
      ...(stream.truncated ? { "x-embed-truncated": "true" } : {}),
    },
  });
}
