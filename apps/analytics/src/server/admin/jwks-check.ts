import "server-only";
import { errors, type FetchImplementation } from "jose";
import { z } from "zod";
import { ApiError } from "../http/api-error";
import { getSettings } from "../settings/settings";
import { createJwks } from "../sso/jwks";

export const JwksCheckSchema = z
  .object({
    /** The URL to check; absent: the saved (or environment) JWKS URL. */
    url: z.string().trim().min(1).max(2_000).optional(),
  })
  .strict();

/** A key set is a few kilobytes; anything this large is not one. */
export const MAX_JWKS_BYTES = 256 * 1024;

/** The members of a key the console lists; `d` (private key material) must never be there. */
const JwkSchema = z.looseObject({
  kty: z.string().min(1),
  kid: z.string().optional(),
  alg: z.string().optional(),
  use: z.string().optional(),
  crv: z.string().optional(),
});
const JwksSchema = z.looseObject({ keys: z.array(JwkSchema) });

export interface JwksCheckResult {
  url: string;
  keys: Array<{
    kid: string | null;
    kty: string;
    alg: string | null;
    use: string | null;
    crv: string | null;
  }>;
  fetchedAt: string;
}

function unreachable(reason: string, cause?: unknown): ApiError {
  return new ApiError("jwks_unreachable", 400, `The JWKS could not be fetched: ${reason}.`, {
    cause,
  });
}

function invalid(reason: string, cause?: unknown): ApiError {
  return new ApiError("jwks_invalid", 400, `The answer is not a usable JWKS: ${reason}.`, {
    cause,
  });
}

class ResponseTooLarge extends Error {}

function checkedUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ApiError("jwks_url_invalid", 400, "The JWKS URL is not a URL.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ApiError("jwks_url_invalid", 400, "The JWKS URL must be an http or https URL.");
  }
  if (url.username || url.password) {
    throw new ApiError(
      "jwks_url_invalid",
      400,
      "The JWKS URL must not carry a user name or password.",
    );
  }
  return url.href;
}

/**
 * Fetches the JWKS the way a login would (the same jose key set: GET, 5 s timeout, no redirects,
 * 200 only, the same shape check), with the response capped at MAX_JWKS_BYTES, and lists its
 * keys. Every failure is a 400 whose code says which kind (`jwks_unreachable`, `jwks_invalid`)
 * and whose message says why; nothing is cached or saved.
 */
export async function checkJwks(requestedUrl?: string): Promise<JwksCheckResult> {
  const configured = requestedUrl ?? (await getSettings()).jwksUrl;
  if (!configured) {
    throw new ApiError(
      "jwks_url_missing",
      400,
      "No JWKS URL is set: enter one, or save it in the JWKS URL setting first.",
    );
  }
  const url = checkedUrl(configured);

  const seen: { status?: number; location?: string | null } = {};
  const cappedFetch: FetchImplementation = async (target, options) => {
    const response = await fetch(target, options);
    seen.status = response.status;
    seen.location = response.headers.get("location");
    if (response.status !== 200) {
      await response.body?.cancel();
      return new Response(null, { status: response.status });
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (response.body) {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > MAX_JWKS_BYTES) throw new ResponseTooLarge();
        chunks.push(chunk);
      }
    }
    return new Response(Buffer.concat(chunks), { status: 200, headers: response.headers });
  };

  const keySet = createJwks(url, cappedFetch);
  try {
    await keySet.reload();
  } catch (error) {
    throw explainFetchFailure(error, seen);
  }
  const parsed = JwksSchema.safeParse(keySet.jwks());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`${issue?.path.join(".") || "the document"}: ${issue?.message ?? "wrong shape"}`);
  }
  if (parsed.data.keys.some((key) => "d" in key)) {
    throw invalid("it contains private key material (a `d` member); publish public keys only");
  }
  return {
    url,
    keys: parsed.data.keys.map((key) => ({
      kid: key.kid ?? null,
      kty: key.kty,
      alg: key.alg ?? null,
      use: key.use ?? null,
      crv: key.crv ?? null,
    })),
    fetchedAt: new Date().toISOString(),
  };
}

function explainFetchFailure(
  error: unknown,
  seen: { status?: number; location?: string | null },
): ApiError {
  if (error instanceof ResponseTooLarge) {
    return invalid(`the response is larger than ${MAX_JWKS_BYTES / 1024} KiB`);
  }
  if (error instanceof errors.JWKSTimeout) return unreachable("no answer within 5 s", error);
  if (error instanceof errors.JWKSInvalid) {
    return invalid("it is not a JSON object with a `keys` array of objects", error);
  }
  if (seen.status !== undefined && seen.status !== 200) {
    if (seen.status >= 300 && seen.status < 400) {
      return unreachable(
        `it answered HTTP ${seen.status}, a redirect${seen.location ? ` to ${seen.location}` : ""}; logins do not follow redirects, so set the final URL`,
        error,
      );
    }
    return unreachable(`it answered HTTP ${seen.status}`, error);
  }
  if (error instanceof errors.JOSEError) return invalid("it is not JSON", error);
  // fetch's network failures: the reason (ECONNREFUSED, ENOTFOUND …) is on the cause.
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const reason =
    typeof cause?.code === "string"
      ? cause.code
      : typeof cause?.message === "string"
        ? cause.message
        : error instanceof Error
          ? error.message
          : "unknown network error";
  return unreachable(`network error (${reason})`, error);
}
