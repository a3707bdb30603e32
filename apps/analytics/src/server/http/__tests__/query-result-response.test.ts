import { describe, expect, it, vi } from "vitest";
import type { RunResult } from "../../execution/run-query";
import { serializedBody } from "../json-response";
import { queryResultResponse } from "../query-result-response";

const result = (rows: unknown[][], cached = false): RunResult => ({
  columns: [{ name: "n", displayName: "N", type: "number" }],
  rows,
  rowCount: rows.length,
  truncated: false,
  cached,
  durationMs: 1.25,
});

describe("queryResultResponse", () => {
  it("answers the API's result shape with how it was produced", async () => {
    const response = queryResultResponse(result([[1], [2]]));
    expect(await response.json()).toEqual({
      columns: [{ name: "n", displayName: "N", type: "number" }],
      rows: [[1], [2]],
      rowCount: 2,
      truncated: false,
    });
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("x-embed-cache")).toBe("miss");
    expect(response.headers.get("server-timing")).toBe("query;dur=1.3");
  });

  it("serializes a cached entry's rows once, and another result's rows anew", async () => {
    const rows = [[1], [2]];
    const stringify = vi.spyOn(JSON, "stringify");
    const first = queryResultResponse(result(rows));
    const hit = queryResultResponse({ ...result(rows), cached: true });
    expect(stringify).toHaveBeenCalledTimes(1);
    expect(serializedBody(hit)).toBe(serializedBody(first));
    expect(hit.headers.get("x-embed-cache")).toBe("hit");
    // Equal values in another array (another query's answer) are not taken for the entry's.
    const other = queryResultResponse(result([[1], [3]]));
    expect(stringify).toHaveBeenCalledTimes(2);
    expect((await other.json()).rows).toEqual([[1], [3]]);
    stringify.mockRestore();
  });
});
