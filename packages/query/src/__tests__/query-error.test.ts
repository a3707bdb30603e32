import { describe, expect, it, vi } from "vitest";

describe("QueryError across copies of the package", () => {
  it("is recognised by another copy's instanceof and isQueryError", async () => {
    const first = await import("../query-error");
    vi.resetModules();
    const second = await import("../query-error");
    // Two evaluations of the module, as a bundler that loads it once per bundle makes.
    expect(second.QueryError).not.toBe(first.QueryError);
    const error = new first.QueryError("warehouse_error", "the warehouse could not run the query");
    expect(error instanceof second.QueryError).toBe(true);
    expect(second.isQueryError(error)).toBe(true);
    expect(second.isQueryError(new second.QueryError("invalid_query", "no"))).toBe(true);
  });

  it("is not claimed by other errors, look-alikes included", async () => {
    const { isQueryError, QueryError } = await import("../query-error");
    const lookalike = Object.assign(new Error("x"), {
      name: "QueryError",
      code: "invalid_query",
      status: 400,
    });
    for (const value of [
      new Error("x"),
      lookalike,
      { code: "invalid_query" },
      null,
      "QueryError",
    ]) {
      expect(isQueryError(value)).toBe(false);
      expect(value instanceof QueryError).toBe(false);
    }
  });
});
