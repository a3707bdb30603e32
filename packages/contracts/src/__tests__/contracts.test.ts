import { describe, expect, it } from "vitest";
import { ApiErrorBodySchema, ERROR_CODES, HealthResponseSchema, isErrorCode } from "../index";

describe("error codes", () => {
  it("are unique lower snake_case strings", () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it("narrows only known codes", () => {
    expect(isErrorCode("not_found")).toBe(true);
    expect(isErrorCode("NotFound")).toBe(false);
    expect(isErrorCode(404)).toBe(false);
  });
});

describe("wire schemas", () => {
  it("accept a well-formed error body and refuse an unknown code", () => {
    expect(
      ApiErrorBodySchema.safeParse({ error: { code: "not_found", message: "No such thing." } })
        .success,
    ).toBe(true);
    expect(ApiErrorBodySchema.safeParse({ error: { code: "oops", message: "x" } }).success).toBe(
      false,
    );
    expect(
      ApiErrorBodySchema.safeParse({ error: { code: "not_found", message: "" } }).success,
    ).toBe(false);
  });

  it("describe the health answer", () => {
    expect(
      HealthResponseSchema.parse({ status: "ok", version: "0.1.0", database: "ok" }).database,
    ).toBe("ok");
    expect(HealthResponseSchema.safeParse({ status: "ok", version: "0.1.0" }).success).toBe(false);
  });
});
