import "server-only";
import {
  createRemoteJWKSet,
  customFetch,
  type FetchImplementation,
  type JWTVerifyGetKey,
  type RemoteJWKSet,
} from "jose";

const keySets = new Map<string, JWTVerifyGetKey>();

/**
 * A remote key set as the login path fetches it — jose's GET with a 5 s timeout, no redirects,
 * 200 only, the JWKS shape checked — so the console's JWKS check (which passes a `fetchImpl`
 * capping the response size) cannot disagree with a login on whether the set is usable.
 */
export function createJwks(url: string, fetchImpl?: FetchImplementation): RemoteJWKSet {
  return createRemoteJWKSet(new URL(url), {
    timeoutDuration: 5_000,
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
    ...(fetchImpl ? { [customFetch]: fetchImpl } : {}),
  });
}

/**
 * The identity provider's public keys, fetched with a timeout and cached; jose refetches when a
 * token names an unknown `kid` (at most every 30 s), so the IdP can rotate keys without us.
 */
export function getJwks(url: string): JWTVerifyGetKey {
  let keySet = keySets.get(url);
  if (!keySet) {
    keySet = createJwks(url);
    keySets.set(url, keySet);
  }
  return keySet;
}
