import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, toErrorResponse } from "~/server/http/api-error";
import { logger } from "~/server/logger";
import { redactTokens } from "~/server/redact-tokens";

const jwt =
  "eyJhbGciOiJIUzI1NiJ9.eyJyZXNvdXJjZSI6eyJkYXNoYm9hcmQiOjF9LCJwYXJhbXMiOnsiYWNjb3VudF9pZCI6NH19.c2lnbmF0dXJlLXNpZ25hdHVyZQ";

describe("redactTokens", () => {
  it("removes JWTs, guest-embed path tokens and token query values", () => {
    const cases: Array<[string, string]> = [
      [`/api/embed/dashboard/${jwt}/cards/3/query`, "/api/embed/dashboard/[token]/cards/3/query"],
      ["/api/embed/question/not.a.jwt/x", "/api/embed/question/[token]/x"],
      [`/embed/dashboard/${jwt}?status=a`, "/embed/dashboard/[token]?status=a"],
      [`/auth/sso?jwt=${jwt}&return_to=/x`, "/auth/sso?jwt=[token]&return_to=/x"],
      ["/x?token=abc&sessionToken=def", "/x?token=[token]&sessionToken=[token]"],
      [`Bearer ${jwt} was refused`, "Bearer [token] was refused"],
    ];
    for (const [input, expected] of cases) expect(redactTokens(input)).toBe(expected);
  });

  it("leaves ordinary paths, hosts and messages alone", () => {
    for (const text of ["/api/dashboard/1", "http://www.example.com:3000/a.b.c", "v1.2.3"]) {
      expect(redactTokens(text)).toBe(text);
    }
  });
});

describe("the logger", () => {
  afterEach(() => vi.restoreAllMocks());

  it("never writes a token from the catch-all 404 or any other logged string", () => {
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => lines.push(line));
    vi.spyOn(console, "log").mockImplementation((line: string) => lines.push(line));
    // What app/api/[...path]/route.ts throws for an unknown path, before redaction there.
    toErrorResponse(
      new ApiError("not_found", 404, `There is no API route /api/embed/dashboard/${jwt}/nope.`),
    );
    logger.error(`failed at /auth/sso?jwt=${jwt}`, {
      url: `/api/embed/dashboard/${jwt}`,
      error: new Error(`bad ${jwt}`),
      nested: [{ path: `/embed/question/${jwt}` }],
    });
    expect(lines.length).toBe(2);
    for (const line of lines) {
      expect(line).not.toContain(jwt.split(".")[1]);
      expect(line).toContain("[token]");
    }
  });
});
