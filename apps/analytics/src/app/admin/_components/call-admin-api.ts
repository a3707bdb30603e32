/** The outcome of an admin API call from a console page: the API's own error message on failure. */
export type ApiOutcome<T> = { ok: true; body: T } | { ok: false; code: string; message: string };

/**
 * A same-origin JSON call to the admin API (the browser sends the session cookie and Origin,
 * which the API requires of cookie writes).
 */
export async function callAdminApi<T = unknown>(
  path: string,
  init: { method: string; body?: unknown },
): Promise<ApiOutcome<T>> {
  try {
    const response = await fetch(path, {
      method: init.method,
      headers: init.body === undefined ? {} : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
    });
    const text = await response.text();
    const body = text ? JSON.parse(text) : undefined;
    if (response.ok) return { ok: true, body: body as T };
    return {
      ok: false,
      code: body?.error?.code ?? `http_${response.status}`,
      message: body?.error?.message ?? `The server answered ${response.status}.`,
    };
  } catch {
    return { ok: false, code: "network_error", message: "The server could not be reached." };
  }
}
