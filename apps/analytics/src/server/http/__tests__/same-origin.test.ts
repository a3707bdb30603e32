import { describe, expect, it } from "vitest";
import { assertSameOriginWrite, isCrossOriginWrite } from "../same-origin";

/** A request as `next start` hands it over: request.url names the listening address. */
function request(
  method: string,
  headers: Record<string, string>,
  url = "http://localhost:3000/api/x",
) {
  return new Request(url, { method, headers });
}

const OWN = { host: "analytics.example.com" };

describe("isCrossOriginWrite (cookie-authenticated writes)", () => {
  it.each([
    ["same origin", { ...OWN, origin: "http://analytics.example.com" }],
    ["same origin, upper-case host", { ...OWN, origin: "http://Analytics.Example.com" }],
    ["no Origin, Sec-Fetch-Site same-origin", { ...OWN, "sec-fetch-site": "same-origin" }],
    ["neither header (curl holding the cookie)", { ...OWN }],
    [
      "behind a TLS proxy that says so",
      { ...OWN, origin: "https://analytics.example.com", "x-forwarded-proto": "https" },
    ],
    [
      "behind a proxy that rewrites Host",
      {
        host: "127.0.0.1:3000",
        "x-forwarded-host": "analytics.example.com",
        origin: "http://analytics.example.com",
      },
    ],
    ["localhost with a port", { host: "localhost:3000", origin: "http://localhost:3000" }],
  ])("allows %s", (_, headers) => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(isCrossOriginWrite(request(method, headers))).toBe(false);
    }
  });

  it.each([
    ["a sibling subdomain", { ...OWN, origin: "http://evil.example.com" }],
    ["another port", { host: "localhost:3000", origin: "http://localhost:3100" }],
    ["evil.localhost", { host: "localhost:3000", origin: "http://evil.localhost:3000" }],
    ["the other scheme", { ...OWN, origin: "https://analytics.example.com" }],
    ["Origin: null (sandboxed frame, data: URL)", { ...OWN, origin: "null" }],
    ["a malformed Origin", { ...OWN, origin: "http://analytics.example.com/path" }],
    ["an Origin with credentials", { ...OWN, origin: "http://a@analytics.example.com" }],
    ["Sec-Fetch-Site same-site", { ...OWN, "sec-fetch-site": "same-site" }],
    ["Sec-Fetch-Site cross-site", { ...OWN, "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site none", { ...OWN, "sec-fetch-site": "none" }],
    ["a Host that is not a host", { host: "a.com/x", origin: "http://a.com" }],
  ])("refuses %s", (_, headers) => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "post"]) {
      expect(isCrossOriginWrite(request(method, headers))).toBe(true);
    }
    expect(() => assertSameOriginWrite(request("POST", headers))).toThrow(
      expect.objectContaining({ code: "cross_origin_request", status: 403 }),
    );
  });

  it("never refuses GET, HEAD or OPTIONS, which change nothing", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(
        isCrossOriginWrite(request(method, { ...OWN, origin: "http://evil.example.com" })),
      ).toBe(false);
    }
  });
});
