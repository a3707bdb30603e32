import { describe, expect, it, vi } from "vitest";

describe("ApiError across copies of the module", () => {
  it("is recognised by another copy, so its status and code survive (not a 500)", async () => {
    const first = await import("../api-error");
    vi.resetModules();
    const second = await import("../api-error");
    // Next.js loads server modules once per bundle: the lean path's copy and a route's differ.
    expect(second.ApiError).not.toBe(first.ApiError);
    const refusal = new first.ApiError("card_not_found", 404, "There is no question 9.");
    expect(refusal instanceof second.ApiError).toBe(true);
    const response = second.toErrorResponse(refusal, "request-1");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "card_not_found" } });
  });

  it("is not claimed by other errors, look-alikes included", async () => {
    const { ApiError } = await import("../api-error");
    const lookalike = Object.assign(new Error("x"), { name: "ApiError", code: "forbidden" });
    for (const value of [new Error("x"), lookalike, { status: 404 }, null]) {
      expect(value instanceof ApiError).toBe(false);
    }
  });
});
