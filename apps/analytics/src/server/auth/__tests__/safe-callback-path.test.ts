import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "../safe-callback-path";

describe("safeCallbackPath (the admin login's callbackUrl)", () => {
  it.each([
    "/",
    "/dashboard/1",
    "/dashboard/1?tab=2&x=http://a.b",
    "/dashboard/1#card-3",
    "/embed/dashboard/abc.def",
    "/a%20b",
  ])("keeps the same-origin path %s", (path) => {
    expect(safeCallbackPath(path)).toBe(path);
  });

  it.each([
    ["absolute URL", "https://evil.example.com/"],
    ["absolute URL on another scheme", "http://evil.example.com"],
    ["javascript:", "javascript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["protocol-relative", "//evil.example.com"],
    ["protocol-relative with path", "//evil.example.com/login"],
    ["slash-backslash", "/\\evil.example.com"],
    ["backslash-backslash", "\\\\evil.example.com"],
    ["a backslash anywhere", "/dashboard\\..\\x"],
    ["a tab that browsers strip", "/\t/evil.example.com"],
    ["a newline that browsers strip", "/\n/evil.example.com"],
    ["a carriage return", "/\r/evil.example.com"],
    ["a NUL", "/\u0000/evil.example.com"],
    ["DEL", "/\u007f/evil"],
    ["a C1 control", "/\u0085/evil"],
    ["leading space", " /dashboard"],
    ["encoded slash", "/%2Fevil.example.com"],
    ["encoded slashes", "/%2F%2Fevil.example.com"],
    ["encoded backslash", "/%5Cevil.example.com"],
    ["encoded tab", "/%09/evil.example.com"],
    ["double-encoded slash", "/%252Fevil.example.com"],
    ["triple-encoded slash", "/%25252F%25252Fevil.example.com"],
    ["four times encoded", "/%2525252F%2525252Fevil.example.com"],
    ["a bad escape", "/%E0%A4%A"],
    ["relative path", "dashboard/1"],
    ["dot path", "./dashboard"],
    ["empty", ""],
    ["a path with //", "/dashboard//evil"],
    ["too long", `/${"a".repeat(3000)}`],
    ["not a string", ["/a", "/b"]],
    ["missing", undefined],
  ])("refuses %s (falls back to /)", (_, raw) => {
    expect(safeCallbackPath(raw)).toBe("/");
  });
});
