import { errorFromResponse, fetchOrThrow, readJson } from "./http";

/** A guest-embed request: no session, no cookies — the signed token in the path is the grant. */
export async function guestRequest<T>(
  instanceUrl: string,
  path: string,
  isShape: (value: unknown) => value is T,
  what: string,
  init: RequestInit = {},
): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set("accept", "application/json");
  const response = await fetchOrThrow(`${instanceUrl}${path}`, {
    ...init,
    headers,
    credentials: "omit",
  });
  if (!response.ok) throw await errorFromResponse(response);
  return readJson(response, isShape, what);
}
