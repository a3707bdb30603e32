import "server-only";
import { randomUUID } from "node:crypto";
import type { ApiErrorBody, ErrorCode } from "@embed/contracts";
import { isQueryError } from "@embed/query";
import { logger } from "../logger";
import { jsonResponse } from "./json-response";

/** The brand every copy of ApiError puts on its instances. */
const API_ERROR_BRAND = Symbol.for("embed.ApiError");

/**
 * The one error class of the server. `publicMessage` is what a client may read; `message` (and
 * `cause`) are for the log only.
 */
export class ApiError extends Error {
  /**
   * Recognises an ApiError from any copy of this module: Next.js may load it once per bundle
   * (the lean path's routes run in instrumentation's copy), and a promise shared on globalThis
   * (a cache's load, the warehouse driver) may reject in one copy and be caught in another.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && API_ERROR_BRAND in value;
  }

  override name = "ApiError";

  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly publicMessage: string,
    options?: { cause?: unknown; internalMessage?: string; headers?: Record<string, string> },
  ) {
    super(options?.internalMessage ?? publicMessage, { cause: options?.cause });
    this.headers = options?.headers ?? {};
    Object.defineProperty(this, API_ERROR_BRAND, { value: true });
  }

  /** Response headers that belong to the refusal (e.g. `Retry-After` on a 429). */
  readonly headers: Record<string, string>;
}

/** What a client may be told about an error it caused, or null for an unexpected failure. */
export function publicError(
  error: unknown,
): { code: ErrorCode; message: string; status: number } | null {
  if (error instanceof ApiError)
    return { code: error.code, message: error.publicMessage, status: error.status };
  if (isQueryError(error))
    return { code: error.code, message: error.message, status: error.status };
  return null;
}

/**
 * Turns any thrown value into the API's error JSON. Unknown errors become a generic 500 with a
 * request id; their details go to the log, never to the client.
 */
export function toErrorResponse(error: unknown, requestId: string = randomUUID()): Response {
  if (error instanceof ApiError) {
    logger.warn("request refused", {
      requestId,
      code: error.code,
      status: error.status,
      reason: error.message,
    });
    return errorJson(error.code, error.publicMessage, error.status, requestId, error.headers);
  }
  if (isQueryError(error)) {
    // The query package's messages are written to be shown (short, escaped, nothing hidden).
    const level = error.status >= 500 ? "error" : "warn";
    logger[level]("query refused", {
      requestId,
      code: error.code,
      status: error.status,
      cause: error.cause,
    });
    return errorJson(error.code, error.message, error.status, requestId);
  }
  logger.error("unhandled error", { requestId, error });
  return errorJson(
    "internal_error",
    `Something went wrong on the server. Quote request id ${requestId} when reporting it.`,
    500,
    requestId,
  );
}

function errorJson(
  code: ErrorCode,
  message: string,
  status: number,
  requestId: string,
  headers: Record<string, string> = {},
): Response {
  const body: ApiErrorBody = { error: { code, message, requestId } };
  return jsonResponse(body, { status, headers: { ...headers, "x-request-id": requestId } });
}
