import { describe, expect, it } from "vitest";
import { sanitizeCallbackUrl } from "../lib/sanitize-callback-url";

describe("sanitizeCallbackUrl", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(sanitizeCallbackUrl("/")).toBe("/");
    expect(sanitizeCallbackUrl("/analytics/sso?return_to=%2Fdashboard%2F1")).toBe(
      "/analytics/sso?return_to=%2Fdashboard%2F1",
    );
    expect(sanitizeCallbackUrl("/reports#june")).toBe("/reports#june");
  });

  it.each([
    "//evil.test",
    "//evil.test/path",
    "https://evil.test",
    "http://localhost:3100/",
    "/\\evil",
    "/\\/evil.test",
    "\\\\evil.test",
    "/\t/evil.test",
    "/\n/evil.test",
    "javascript:alert(1)",
    "evil.test",
    "",
  ])("refuses %j", (value) => {
    expect(sanitizeCallbackUrl(value)).toBe("/");
  });

  it("refuses what is not a string and uses the given fallback", () => {
    expect(sanitizeCallbackUrl(undefined)).toBe("/");
    expect(sanitizeCallbackUrl(["/a", "/b"])).toBe("/");
    expect(sanitizeCallbackUrl("//evil.test", "/login")).toBe("/login");
  });

  it("normalises dot segments so the result stays a plain path", () => {
    expect(sanitizeCallbackUrl("/a/../../b")).toBe("/b");
  });
});
