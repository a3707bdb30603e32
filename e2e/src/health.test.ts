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

  it("answers a method a route does not have with the JSON 405 and its Allow header", async () => {
    for (const [method, path, allow] of [
      ["DELETE", "/api/health", "GET, HEAD, OPTIONS"],
      ["PUT", "/api/session/sso", "POST, OPTIONS"],
      ["HEAD", "/api/session/sso", "POST, OPTIONS"],
    ] as const) {
      const response = await fetch(`${analyticsUrl}${path}`, { method });
      expect([method, path, response.status]).toEqual([method, path, 405]);
      expect(response.headers.get("allow")).toBe(allow);
      if (method !== "HEAD") {
        const body = ApiErrorBodySchema.parse(await response.json());
        expect(body.error.code).toBe("method_not_allowed");
      }
    }
  });
});
