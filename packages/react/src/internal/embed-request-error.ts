import type { EmbedError, EmbedErrorCode } from "../types";

/**
 * The one error class the SDK throws internally (and hands to `throwOnError` boundaries). Hooks
 * and components surface it as state; its fields are the public `EmbedError`.
 */
export class EmbedRequestError extends Error implements EmbedError {
  readonly code: EmbedErrorCode;
  readonly status?: number;
  readonly requestId?: string;

  constructor(code: EmbedErrorCode, message: string, status?: number, requestId?: string) {
    super(message);
    this.name = "EmbedRequestError";
    this.code = code;
    if (status !== undefined) this.status = status;
    if (requestId !== undefined) this.requestId = requestId;
  }
}

/** Any thrown value as an `EmbedError` (unknown values become `network_error`). */
export function toEmbedError(error: unknown): EmbedError {
  if (error instanceof EmbedRequestError) return error;
  if (isEmbedErrorLike(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new EmbedRequestError("network_error", message || "The request failed.");
}

function isEmbedErrorLike(value: unknown): value is EmbedError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as EmbedError).code === "string" &&
    typeof (value as EmbedError).message === "string"
  );
}

export function isAbortError(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { name?: string }).name === "AbortError"
  );
}
