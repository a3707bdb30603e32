import "server-only";
import type { RunResult } from "../execution/run-query";
import { jsonResponse } from "./json-response";

/** A result as the API answers it (API.md): columns, rows, rowCount, truncated. */
export function queryResultResponse(result: RunResult): Response {
  return jsonResponse(
    {
      columns: result.columns,
      rows: result.rows,
      rowCount: result.rowCount,
      truncated: result.truncated,
    },
    {
      headers: {
        "cache-control": "private, no-store",
        // For the SDK's devtools and benchmarks: how the answer was produced.
        "x-embed-cache": result.cached ? "hit" : "miss",
        "server-timing": `query;dur=${result.durationMs.toFixed(1)}`,
      },
    },
  );
}
