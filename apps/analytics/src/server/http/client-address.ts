import "server-only";
import { BlockList, isIP } from "node:net";

/**
 * Which `X-Forwarded-For` entries to believe (`EMBED_TRUSTED_PROXIES`): none by default; a hop
 * count (that many proxies of ours stand in front); or the proxies' addresses and CIDR ranges.
 */
export type TrustedProxies =
  | { kind: "hops"; hops: number }
  | { kind: "list"; entries: string[]; list: BlockList };

export const NO_TRUSTED_PROXIES: TrustedProxies = { kind: "hops", hops: 0 };

/** Parses `EMBED_TRUSTED_PROXIES`: `2`, or `10.0.0.0/8, 192.0.2.7, fd00::/8`. Throws on a bad entry. */
export function parseTrustedProxies(value: string): TrustedProxies {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    const hops = Number(trimmed);
    if (hops > 32) throw new Error("a hop count must be at most 32");
    return { kind: "hops", hops };
  }
  const entries = trimmed
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address);
    if (family === 0) throw new Error(`"${entry}" is not an IP address or CIDR range`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) {
      throw new Error(`"${entry}" has an invalid prefix length`);
    }
    list.addSubnet(address, bits, type);
  }
  if (entries.length === 0) throw new Error("give a hop count or a list of addresses");
  return { kind: "list", entries, list };
}

/**
 * The client's address from the `X-Forwarded-For` chain as this server receives it. The server
 * appends the socket's peer to that header on every request (record-peer-address.ts), so the
 * right-most entry is the connection's real peer and cannot be forged; an entry further left is
 * believed only as far as trusted proxies vouch for it. With no trusted proxies, any value a
 * client sends is ignored — rotating it gains an attacker nothing.
 */
export function clientAddress(forwardedFor: string | null, trusted: TrustedProxies): string | null {
  const chain = (forwardedFor ?? "")
    .split(",")
    .map((entry) => normalizeAddress(entry))
    .filter((entry) => entry.length > 0);
  if (chain.length === 0) return null;
  if (trusted.kind === "hops") return chain[Math.max(0, chain.length - 1 - trusted.hops)] ?? null;
  for (let index = chain.length - 1; index > 0; index--) {
    const entry = chain[index] as string;
    if (!isTrustedProxy(entry, trusted.list)) return entry;
  }
  return chain[0] ?? null;
}

function isTrustedProxy(address: string, list: BlockList): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** `::ffff:192.0.2.7` → `192.0.2.7`; drops a port some proxies add; bounded length. */
export function normalizeAddress(raw: string): string {
  let address = raw.trim().slice(0, 100);
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed?.[1]) address = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.replace(/:\d+$/, "");
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1]) address = mapped[1];
  return address.toLowerCase();
}
