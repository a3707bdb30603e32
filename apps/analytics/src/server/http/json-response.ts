import "server-only";
import { processWide } from "../process-wide";

const serializedBodies = processWide("serializedJsonBodies", () => new WeakMap<Response, string>());

/**
 * `Response.json`, which also remembers the JSON text it sent, so that the lean path
 * (lean/lean-dispatcher.ts) writes the text as it is instead of reading the body stream back
 * (a third of a small answer's cost). Next.js reads the body as usual.
 */
export function jsonResponse(data: unknown, init: ResponseInit = {}): Response {
  return jsonTextResponse(JSON.stringify(data), init);
}

/** `jsonResponse` for JSON already serialized (`text` must be JSON: nothing checks it here). */
export function jsonTextResponse(text: string, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  if (!headers.has("content-type")) headers.set("content-type", "application/json");
  const response = new Response(text, { ...init, headers });
  serializedBodies.set(response, text);
  return response;
}

/** The JSON text `jsonResponse` made `response` with, if it did. */
export function serializedBody(response: Response): string | undefined {
  return serializedBodies.get(response);
}
