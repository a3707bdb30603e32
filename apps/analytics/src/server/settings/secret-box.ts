import "server-only";
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { getEnv } from "~/env";
import { ApiError } from "../http/api-error";

export interface SealedSecret {
  ciphertext: Uint8Array<ArrayBuffer>;
  nonce: Uint8Array<ArrayBuffer>;
  /** Identifies the server key, so a later key rotation knows what to re-encrypt. */
  encryptionKid: string;
}

function serverKey(): { key: Buffer; kid: string } {
  const material = getEnv().EMBED_ENCRYPTION_KEY;
  if (!material) {
    throw new ApiError(
      "encryption_key_missing",
      409,
      "Storing secrets needs EMBED_ENCRYPTION_KEY (at least 32 random characters) on the analytics server.",
    );
  }
  const key = Buffer.from(hkdfSync("sha256", material, "embed-analytics", "secret-box:v1", 32));
  const kid = createHash("sha256").update(key).digest("hex").slice(0, 12);
  return { key, kid };
}

/** Encrypts a secret with AES-256-GCM under the server's key. */
export function sealSecret(plaintext: string): SealedSecret {
  const { key, kid } = serverKey();
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const body = Buffer.concat([
    cipher.update(plaintext, "utf8"),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return { ciphertext: new Uint8Array(body), nonce: new Uint8Array(nonce), encryptionKid: kid };
}

/** Decrypts what `sealSecret` produced; throws when the key or the bytes are wrong. */
export function openSecret(sealed: {
  ciphertext: Uint8Array;
  nonce: Uint8Array;
  encryptionKid?: string | null;
}): string {
  const { key, kid } = serverKey();
  if (sealed.encryptionKid && sealed.encryptionKid !== kid) {
    throw new Error(
      `secret was sealed with server key ${sealed.encryptionKid}, not the current ${kid}`,
    );
  }
  const bytes = Buffer.from(sealed.ciphertext);
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.nonce));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([
    decipher.update(bytes.subarray(0, bytes.length - 16)),
    decipher.final(),
  ]).toString("utf8");
}
