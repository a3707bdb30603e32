import "server-only";
import { createHash } from "node:crypto";
import type { SsoIdentity } from "./verify-sso-token";

/**
 * The id that makes a token single-use: its `jti`, else a hash of its signed part (header and
 * claims), so hosts that send no `jti` (Metabase-style) are replay-safe too. Not the whole token:
 * a signature can be re-encoded (base64url padding bits, ECDSA's s ↔ n − s) into a different
 * string that still verifies.
 */
export function ssoTokenId(jwt: string, identity: Pick<SsoIdentity, "jti">): string {
  if (identity.jti !== null) return identity.jti;
  const signedPart = jwt.slice(0, jwt.lastIndexOf("."));
  return `sha256:${createHash("sha256").update(signedPart).digest("base64url")}`;
}
