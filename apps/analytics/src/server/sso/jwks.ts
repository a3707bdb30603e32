import "server-only";
import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";

const keySets = new Map<string, JWTVerifyGetKey>();

/**
 * The identity provider's public keys, fetched with a timeout and cached; jose refetches when a
 * token names an unknown `kid` (at most every 30 s), so the IdP can rotate keys without us.
 */
export function getJwks(url: string): JWTVerifyGetKey {
  let keySet = keySets.get(url);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(url), {
      timeoutDuration: 5_000,
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    });
    keySets.set(url, keySet);
  }
  return keySet;
}
