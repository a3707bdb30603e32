import { describe, expect, it } from "vitest";
import { clientAddress, NO_TRUSTED_PROXIES, parseTrustedProxies } from "../client-address";

// What a route sees: the server appends the connection's peer (record-peer-address.ts), so the
// right-most entry is always the real peer, whatever the client sent before it.
describe("clientAddress", () => {
  it("is the connection's peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress("127.0.0.1", NO_TRUSTED_PROXIES)).toBe("127.0.0.1");
    // The attack: a client rotating the header to look like many clients.
    for (const forged of ["203.0.113.1", "203.0.113.2", "10.0.0.1, 198.51.100.9"]) {
      expect(clientAddress(`${forged}, ::ffff:192.0.2.50`, NO_TRUSTED_PROXIES)).toBe("192.0.2.50");
    }
  });

  it("believes as many entries from the right as there are trusted hops", () => {
    const one = parseTrustedProxies("1");
    // proxy (10.0.0.2) appended the client it saw; our server appended the proxy.
    expect(clientAddress("198.51.100.7, 10.0.0.2", one)).toBe("198.51.100.7");
    // A forged entry further left stays ignored.
    expect(clientAddress("6.6.6.6, 198.51.100.7, 10.0.0.2", one)).toBe("198.51.100.7");
    // Fewer entries than hops: the left-most (the furthest we can see).
    expect(clientAddress("10.0.0.2", parseTrustedProxies("3"))).toBe("10.0.0.2");
  });

  it("skips trusted proxies' addresses and ranges from the right", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8, 192.0.2.7, fd00::/8");
    expect(clientAddress("6.6.6.6, 198.51.100.7, 10.1.2.3, 192.0.2.7", trusted)).toBe(
      "198.51.100.7",
    );
    expect(clientAddress("2001:db8::1, fd00::5", trusted)).toBe("2001:db8::1");
    // A peer that is not a trusted proxy is the client: its header is not believed.
    expect(clientAddress("10.9.9.9, 203.0.113.5", trusted)).toBe("203.0.113.5");
    // Every entry trusted: the left-most.
    expect(clientAddress("10.0.0.5, 10.0.0.6", trusted)).toBe("10.0.0.5");
  });

  it("normalises mapped IPv4, ports and brackets", () => {
    const one = parseTrustedProxies("1");
    expect(clientAddress("198.51.100.7:5123, 10.0.0.2", one)).toBe("198.51.100.7");
    expect(clientAddress("[2001:DB8::1]:443, 10.0.0.2", one)).toBe("2001:db8::1");
    expect(clientAddress(null, NO_TRUSTED_PROXIES)).toBeNull();
    expect(clientAddress(" , ", NO_TRUSTED_PROXIES)).toBeNull();
  });

  it("refuses settings it cannot read", () => {
    expect(() => parseTrustedProxies("proxy.internal")).toThrow(/not an IP address/);
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/prefix/);
    expect(() => parseTrustedProxies("99")).toThrow(/at most 32/);
  });
});
