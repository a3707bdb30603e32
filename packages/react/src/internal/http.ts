import { EmbedRequestError, isAbortError } from "./embed-request-error";

/** `https://x.example/analytics/` → `https://x.example/analytics` (paths are joined with "/api/…"). */
export function normalizeInstanceUrl(instanceUrl: string): string {
  return instanceUrl.replace(/\/+$/, "");
}

/** fetch, with network failures turned into `network_error` (aborts pass through untouched). */
export async function fetchOrThrow(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new EmbedRequestError(
      "network_error",
      `Could not reach ${originOf(url)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * The API's error body as an error: `{"error": {"code", "message"}}` keeps its code; anything
 * else (a proxy's HTML page, an empty body) becomes a code from the status.
 */
export async function errorFromResponse(response: Response): Promise<EmbedRequestError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; requestId?: unknown } })
    ?.error;
  if (error && typeof error.code === "string" && typeof error.message === "string") {
    return new EmbedRequestError(
      // The server's list grows; an unknown code is still passed on as is.
      error.code as EmbedRequestError["code"],
      error.message,
      response.status,
      typeof error.requestId === "string" ? error.requestId : undefined,
    );
  }
  const code =
    response.status === 401 ? "unauthorized" : response.status === 404 ? "not_found" : undefined;
  return new EmbedRequestError(
    code ?? "invalid_response",
    `The server answered ${response.status} without an error body.`,
    response.status,
  );
}

/** Reads a JSON body and checks its shape; a mismatch is `invalid_response`, never a crash later. */
export async function readJson<T>(
  response: Response,
  isShape: (value: unknown) => value is T,
  what: string,
): Promise<T> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new EmbedRequestError("invalid_response", `The ${what} answer is not JSON.`);
  }
  if (!isShape(body)) {
    throw new EmbedRequestError("invalid_response", `The ${what} answer has an unexpected shape.`);
  }
  return body;
}
