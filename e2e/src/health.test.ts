import { ApiErrorBodySchema, HealthResponseSchema } from "@embed/contracts";
import { describe, expect, inject, it } from "vitest";

const analyticsUrl = inject("analyticsUrl");

describe("analytics server over HTTP", () => {
  it("reports healthy with its app database once started", async () => {
    const response = await fetch(`${analyticsUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = HealthResponseSchema.parse(await response.json());
    expect(body).toMatchObject({ status: "ok", database: "ok" });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("answers an unknown API route with the JSON error contract, not an HTML page", async () => {
    const response = await fetch(`${analyticsUrl}/api/no-such-thing?x=1`, { method: "POST" });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = ApiErrorBodySchema.parse(await response.json());
    expect(body.error.code).toBe("not_found");
    expect(body.error.message).toContain("/api/no-such-thing");
    expect(response.headers.get("x-request-id")).toBe(body.error.requestId);
  });
});
