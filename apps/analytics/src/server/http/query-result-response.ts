import "server-only";
import type { RunResult } from "../execution/run-query";
import { processWide } from "../process-wide";
import { jsonTextResponse } from "./json-response";

/**
 * A result's JSON by its rows array: a result-cache hit shares the entry's arrays (run-query.ts
 * copies only the envelope), so a hit answers with the text its first answer serialized. Kept
 * while the cache keeps the entry; the text roughly doubles what an entry holds.
 */
const bodies = processWide("queryResultBodies", () => new WeakMap<unknown[][], string>());

/** A result as the API answers it (API.md): columns, rows, rowCount, truncated. */
export function queryResultResponse(result: RunResult): Response {
  let text = bodies.get(result.rows);
  if (text === undefined) {
    text = JSON.stringify({
      columns: result.columns,
      rows: result.rows,
      rowCount: result.rowCount,
      truncated: result.truncated,
    });
    bodies.set(result.rows, text);
  }
  return jsonTextResponse(text, {
    headers: {
      "cache-control": "private, no-store",
      // For the SDK's devtools and benchmarks: how the answer was produced.
      "x-embed-cache": result.cached ? "hit" : "miss",
      "server-timing": `query;dur=${result.durationMs.toFixed(1)}`,
    },
  });
}
