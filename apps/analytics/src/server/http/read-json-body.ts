import "server-only";
import type { z } from "zod";
import { describeInvalidBody } from "~/shared/invalid-body";
import { ApiError } from "./api-error";

/** Bodies larger than this are refused before they are parsed. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * Whether the request declares a JSON body: `application/json`, any parameters (charset) aside.
 * Required because the other media types a page elsewhere can send without a CORS preflight
 * (`text/plain`, forms) would otherwise reach a JSON route as a "simple" cross-origin request.
 */
export function hasJsonContentType(request: Request): boolean {
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  return mediaType === "application/json";
}

/**
 * Reads and validates a JSON request body: 415 `unsupported_media_type` unless it is declared
 * `application/json`, 413 `body_too_large` past `maxBytes` (counted as the body streams in,
 * whatever Content-Length claims), 400 `invalid_body` for anything that is not JSON or does not
 * match the schema, naming the first problem.
 */
export async function readJsonBody<T extends z.ZodType>(
  request: Request,
  schema: T,
  { maxBytes = DEFAULT_MAX_BODY_BYTES }: { maxBytes?: number } = {},
): Promise<z.infer<T>> {
  if (!hasJsonContentType(request)) {
    throw new ApiError(
      "unsupported_media_type",
      415,
      "The request body must be JSON, sent with `Content-Type: application/json`.",
    );
  }
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);

  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  }

  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new ApiError("invalid_body", 400, "The request body must be valid JSON.");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError("invalid_body", 400, describeInvalidBody(parsed.error));
  return parsed.data;
}

function tooLarge(maxBytes: number) {
  return new ApiError("body_too_large", 413, `The request body is larger than ${maxBytes} bytes.`);
}
