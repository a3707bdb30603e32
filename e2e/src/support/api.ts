import { inject } from "vitest";

const analyticsUrl = inject("analyticsUrl");

export interface ApiCall {
  method?: string;
  token?: string;
  body?: unknown;
  /** A raw body, sent as is (for malformed-JSON tests). */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Calls the analytics server's API over real HTTP and parses its JSON answer. */
export async function api<T = Record<string, unknown>>(path: string, call: ApiCall = {}) {
  const headers: Record<string, string> = { ...call.headers };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  let body: string | undefined = call.rawBody;
  if (call.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(call.body);
  }
  const response = await fetch(`${analyticsUrl}${path}`, {
    method: call.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
    redirect: "manual",
  });
  const text = await response.text();
  const json =
    text && response.headers.get("content-type")?.includes("json")
      ? (JSON.parse(text) as T)
      : undefined;
  return { status: response.status, headers: response.headers, json: json as T };
}

export type ErrorBody = { error: { code: string; message: string } };

/** A session token for the demo admin (password login). */
export async function adminToken(): Promise<string> {
  const admin = inject("admin");
  const { status, json } = await api<{ sessionToken: string }>("/api/session/password", {
    body: admin,
  });
  if (status !== 200) throw new Error(`admin login failed with ${status}`);
  return json.sessionToken;
}

export interface AdminUserView {
  id: number;
  email: string;
  isActive: boolean;
  attributes: Record<string, unknown>;
  groups: Array<{ id: number; name: string; source: string }>;
  activeSessions: number;
}

/** The user with this email as the admin API sees it, or undefined. */
export async function findUser(email: string, token: string): Promise<AdminUserView | undefined> {
  const { json } = await api<{ users: AdminUserView[] }>(
    `/api/admin/users?email=${encodeURIComponent(email)}`,
    {
      token,
    },
  );
  return json.users[0];
}
