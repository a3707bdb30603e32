import { ERROR_CODES } from "@embed/contracts";
import { QUERY_ERROR_CODES } from "@embed/query";
import { describe, expect, it } from "vitest";

describe("error codes", () => {
  it("every code the query package can raise is in the contract's one list", () => {
    const missing = QUERY_ERROR_CODES.filter(
      (code) => !(ERROR_CODES as readonly string[]).includes(code),
    );
    expect(missing).toEqual([]);
  });
});
