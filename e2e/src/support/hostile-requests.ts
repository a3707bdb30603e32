import { ERROR_CODES } from "@embed/contracts";
import { signSsoToken } from "@embed/node";
import fc from "fast-check";

/**
 * Hostile requests for every route of the OpenAPI document: random and malformed bodies, path
 * parameters, query strings and headers, as anonymous, a customer and the admin. Shared by the
 * bounded e2e test and the longer bench. Only ever sent to the server under test (localhost).
 */

export interface DocumentedOperation {
  method: string;
  /** OpenAPI path, `{param}` style. */
  path: string;
}

export type Caller = "anonymous" | "customer" | "admin";

export interface HostileRequest {
  caller: Caller;
  method: string;
  /** Path and query string, starting with `/`. */
  target: string;
  headers: Record<string, string>;
  body?: string;
}

/** Every operation `GET /api/openapi.json` lists. */
export async function readOperations(baseUrl: string): Promise<DocumentedOperation[]> {
  const response = await fetch(`${baseUrl}/api/openapi.json`);
  const document = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
  );
}

/** A session token for the demo's customer of account 1, the way the SDK gets one. */
export async function customerSession(baseUrl: string, ssoSecret: string): Promise<string> {
  const jwt = await signSsoToken(
    { email: "cara@acme-retail.test", attributes: { role: "customer", primary_id: 1 } },
    { secret: ssoSecret },
  );
  const response = await fetch(`${baseUrl}/api/session/sso`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jwt }),
  });
  if (response.status !== 200) throw new Error(`SSO exchange answered ${response.status}`);
  return ((await response.json()) as { sessionToken: string }).sessionToken;
}

/** The admin's bearer session (password login). */
export async function adminSession(
  baseUrl: string,
  admin: { email: string; password: string },
): Promise<string> {
  const response = await fetch(`${baseUrl}/api/session/password`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(admin),
  });
  if (response.status !== 200) throw new Error(`admin login answered ${response.status}`);
  return ((await response.json()) as { sessionToken: string }).sessionToken;
}

// Values that have broken parsers elsewhere: huge, negative, fractional, encoded, control chars.
const nastyString = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "Infinity",
    "9007199254740993",
    "99999999999999999999999999",
    "0x1f",
    "null",
    "undefined",
    "true",
    "[]",
    "{}",
    "__proto__",
    "constructor",
    "..",
    "../../etc/passwd",
    "%00",
    "\u0000",
    "\r\n",
    "'; drop table users; --",
    "{{account_id}}",
    "a.b.c",
    "eyJhbGciOiJub25lIn0.e30.",
    "\ud800",
    "😀",
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constant("x".repeat(2_000)),
);

// Keys the API's bodies use, so that random bodies often reach the validation past the shape.
const bodyKey = fc.oneof(
  fc.constantFrom(
    "jwt",
    "email",
    "password",
    "name",
    "value",
    "id",
    "query",
    "source",
    "filters",
    "parameters",
    "limit",
    "sql",
    "groupId",
    "tableId",
    "access",
    "column",
    "attribute",
    "cards",
    "dashboard",
    "resource",
    "revokeSessions",
    "format",
    "userId",
    "isActive",
    "__proto__",
    "constructor",
  ),
  fc.string({ maxLength: 12 }),
);

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const bodyValue = fc.oneof(jsonValue, nastyString, fc.array(nastyString, { maxLength: 5 }));

/** A body: valid JSON of a random shape, plausible-key objects, or malformed bytes. */
const body: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  jsonValue.map((value) => JSON.stringify(value)),
  fc.dictionary(bodyKey, bodyValue, { maxKeys: 6 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    "{",
    '{"a":',
    "[1,2",
    "null",
    '"string"',
    "{}".padStart(10_000, " "),
    "[".repeat(10_000),
    `{"a":"${"x".repeat(2_000_000)}"}`,
    '{"__proto__":{"isAdmin":true}}',
    "\u0000\u0001\u0002",
  ),
);

const headerValue = fc.oneof(
  nastyString.filter((value) => /^[\t\x20-\x7e]*$/.test(value)),
  fc.constantFrom("application/json", "text/plain", "multipart/form-data; boundary=x", "*/*"),
);

/** Headers an attacker controls; values printable ASCII, as HTTP allows. */
const headers = fc.record(
  {
    "content-type": headerValue,
    accept: headerValue,
    authorization: fc.oneof(
      headerValue.map((value) => `Bearer ${value}`),
      headerValue,
      fc.constant("Basic YWRtaW46YWRtaW4="),
    ),
    cookie: fc.oneof(
      headerValue.map((value) => `embed_session=${value}`),
      headerValue.map((value) => `next-auth.session-token=${value}`),
      headerValue,
    ),
    origin: fc.constantFrom("null", "http://evil.test", "https://localhost.evil.test"),
    "x-forwarded-for": fc.oneof(fc.ipV4(), fc.ipV6(), headerValue),
    "sec-fetch-site": fc.constantFrom("cross-site", "same-site", "none", "same-origin"),
  },
  { requiredKeys: [] },
);

const query = fc.oneof(
  fc.constant(""),
  fc
    .array(
      fc.tuple(
        fc.oneof(bodyKey, fc.constantFrom("return_to", "jwt", "format", "email")),
        nastyString,
      ),
      {
        maxLength: 5,
      },
    )
    .map((pairs) => `?${new URLSearchParams(pairs).toString()}`),
  fc.constantFrom("?", "?&&", "?a", "?%", "?%zz=1", "?a=%E0%A4%A", "?return_to=//evil.test"),
);

/** A path parameter: nasty, URL-encoded, or raw bytes a URL may carry. */
const pathParam = fc.oneof(
  nastyString.map((value) => {
    try {
      return encodeURIComponent(value);
    } catch {
      // A lone surrogate: send the bytes it would be, which are not valid UTF-8.
      return "%ED%A0%80";
    }
  }),
  fc.constantFrom("%", "%zz", "%2F", "%2e%2e", "..", "%00", "1;2", "1%3Fa=b"),
);

/**
 * One hostile request to one documented operation. `tokens` holds the caller's credential; the
 * caller's requests carry it unless the generated headers override authorization.
 */
export function hostileRequest(
  operations: DocumentedOperation[],
  caller: Caller,
  token?: string,
): fc.Arbitrary<HostileRequest> {
  return fc
    .record({
      operation: fc.constantFrom(...operations),
      params: fc.array(pathParam, { minLength: 4, maxLength: 4 }),
      query,
      headers,
      body,
      keepToken: fc.boolean(),
    })
    .map(({ operation, params, query, headers, body, keepToken }) => {
      const changes = operation.method !== "GET";
      let index = 0;
      const path = operation.path.replace(/\{\w+\}/g, () => {
        const param = params[index++] ?? "x";
        // The admin's writes never name an existing row, so the data the health check reads
        // after the run stays as seeded (deleting dashboard 1 is not a bug).
        return caller === "admin" && changes && namesExistingRow(param) ? "987654321" : param;
      });
      // Revoking its own session would turn the rest of the run anonymous.
      const revokesOwnSession = operation.method === "DELETE" && operation.path === "/api/session";
      const withToken =
        token && !revokesOwnSession && (keepToken || !headers.authorization)
          ? { ...headers, authorization: `Bearer ${token}` }
          : headers;
      const sendsBody = operation.method !== "GET" && body !== undefined;
      return {
        caller,
        method: operation.method,
        target: `${path}${query}`,
        headers: withToken,
        ...(sendsBody ? { body } : {}),
      };
    })
    .filter((request) => !/:\/\/(?!localhost|127\.0\.0\.1)/.test(request.body ?? ""));
}

function namesExistingRow(param: string): boolean {
  let decoded = param;
  try {
    decoded = decodeURIComponent(param);
  } catch {
    // Not decodable: cannot name a row.
  }
  const number = Number(decoded);
  return decoded.trim() !== "" && Number.isFinite(number) && Math.abs(number) < 1_000_000;
}

export interface HostileAnswer {
  status: number;
  contentType: string;
  text: string;
}

export async function sendHostile(
  baseUrl: string,
  request: HostileRequest,
): Promise<HostileAnswer> {
  const response = await fetch(`${baseUrl}${request.target}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: "manual",
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", text };
}

const KNOWN_CODES = new Set<string>(ERROR_CODES);

/** What is wrong with an answer to a hostile request, or null: no 5xx, every 4xx a coded JSON. */
export function problemWith(answer: HostileAnswer): string | null {
  if (answer.status >= 500) return `answered ${answer.status}: ${answer.text.slice(0, 300)}`;
  if (answer.status < 400) return null;
  // Answered by Node.js's HTTP parser (headers and URL over 16 KB) before any of our code runs.
  if (answer.status === 431) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.text);
  } catch {
    return `answered ${answer.status} without a JSON body: ${answer.text.slice(0, 200)}`;
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } }).error;
  if (typeof error?.code !== "string" || typeof error.message !== "string") {
    return `answered ${answer.status} without {"error":{"code","message"}}: ${answer.text.slice(0, 200)}`;
  }
  if (!KNOWN_CODES.has(error.code)) return `answered the unknown code "${error.code}"`;
  return null;
}

/** How a failing request is shown: enough to replay it by hand. */
export function describeRequest(request: HostileRequest): string {
  const clip = (value: string) =>
    value.length > 120 ? `${value.slice(0, 120)}…(${value.length})` : value;
  return JSON.stringify({
    ...request,
    target: clip(request.target),
    headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, clip(v)])),
    body: request.body === undefined ? undefined : clip(request.body),
  });
}
