import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { clientAddress, NO_TRUSTED_PROXIES } from "../client-address";
import { recordPeerAddresses } from "../record-peer-address";

describe("recordPeerAddresses", () => {
  it("appends the socket's peer to X-Forwarded-For before the server's handler runs", async () => {
    recordPeerAddresses();
    recordPeerAddresses(); // idempotent: appended once
    const seen: Array<string | undefined> = [];
    const server = createServer((request, response) => {
      seen.push(request.headers["x-forwarded-for"] as string | undefined);
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      await fetch(url);
      await fetch(url, { headers: { "x-forwarded-for": "203.0.113.9" } });
    } finally {
      server.close();
    }
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    expect(seen[1]).toMatch(/^203\.0\.113\.9, (::ffff:)?127\.0\.0\.1$/);
    // What a route then reads as the client: the peer, never the forged entry.
    expect(seen.map((xff) => clientAddress(xff ?? null, NO_TRUSTED_PROXIES))).toEqual([
      "127.0.0.1",
      "127.0.0.1",
    ]);
  });
});
