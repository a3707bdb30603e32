import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** A new session token: 256 random bits, URL-safe. Shown to its holder once, never stored. */
export function generateSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database keeps instead of the token: a stolen copy of the table opens nothing. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
