// The floor: a minimal `node:http` + `pg` + `jose` server that does the same essential work as
// the analytics server's hot routes, on the same app database and warehouse, written only to be
// measured against (issue #12). It is a yardstick, not product code: no framework, no zod, no
// per-request work that depends only on the configuration.
//
// - `POST /api/session/sso` `{jwt}`: verifies the HS256 token with jose (exp required, iat not in
//   the future, at most 10 minutes' lifetime), then records the login with THE login statement
//   (`recordSsoLogin` from @embed/db: replay check, user, groups, session, audit).
// - `POST /api/card/:id/query` with `Authorization: Bearer <token>`: the session through
//   `findSession` from @embed/db (the one round trip ours makes), then the card's SQL, compiled
//   once per (card, policy, configuration version) by our own compiler and run in one round trip on a `pg` pool whose
//   connections are read-only, in UTC and with a statement timeout from the start.
//   With `cache: true`, answers are kept in a Map keyed by (card, policy, parameters).
//
// The SQL comes from the analytics server's "view as" preview (`POST /api/admin/preview` with the
// session's attributes and groups): the very `runCard` compile path, so the floor cannot run
// other SQL than ours — or see other rows — without re-implementing the policy rules here.
//
// Run on its own: FLOOR_OPTIONS='<json FloorOptions>' node --import tsx bench/lib/floor-server.ts
// prints `floor listening on <url>` when ready.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import { tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import {
  type AppDatabase,
  type FoundSession,
  findSession,
  normalizeEmail,
  openAppDatabase,
  recordSsoLogin,
  type SsoAttributeValue,
} from "@embed/db";
import { jwtVerify } from "jose";
import pg from "pg";

export interface FloorOptions {
  appDatabaseUrl: string;
  warehouseUrl: string;
  /** The analytics server's EMBED_JWT_SHARED_SECRET. */
  jwtSecret: string;
  /** The analytics server under comparison and an administrator's session: its compiler. */
  compiler: { url: string; adminToken: string };
  /** Answer repeated (card, policy, parameters) from memory, as our query cache does. */
  cache?: boolean;
  /** As our `max_result_rows` setting (default 2,000). */
  maxRows?: number;
  /** As our `session_length_minutes` setting. */
  sessionMinutes?: number;
  /** Warehouse connections, as our driver's pool (10). */
  warehousePoolSize?: number;
  port?: number;
}

export interface FloorServer {
  url: string;
  close(): Promise<void>;
}

interface CompiledCard {
  /** null: the card is hidden from this policy (404, as ours answers). */
  sql: string | null;
  parameters: unknown[];
  columns: unknown[];
}

const STANDARD_CLAIMS = new Set([
  ...["email", "first_name", "last_name", "groups", "exp", "iat", "nbf", "jti"],
  ...["iss", "aud", "sub"],
]);
const MAX_TOKEN_LIFETIME_SECONDS = 600;
const CLOCK_TOLERANCE_SECONDS = 30;
const REPLAY_WINDOW_MARGIN_MS = 60_000;

/** Warehouse values as our driver hands them to JSON (numbers when safe, ISO dates as text). */
function safeNumber(text: string): number | string {
  const value = Number(text);
  return Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : text;
}
const warehouseTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if ((format ?? "text") === "text") {
      if (oid === 20 || oid === 1700) return safeNumber;
      if (oid === 1082) return (text: string) => text;
      if (oid === 1114) return (text: string) => text.replace(" ", "T");
      if (oid === 1184) return (text: string) => new Date(text).toISOString();
    }
    return pg.types.getTypeParser(oid, format ?? "text");
  }) as typeof pg.types.getTypeParser,
};

function send(response: http.ServerResponse, status: number, body: unknown, cache?: string) {
  const buffer = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  const headers: http.OutgoingHttpHeaders = {
    "content-type": "application/json",
    "content-length": buffer.length,
    "cache-control": "no-store",
  };
  if (cache) headers["x-embed-cache"] = cache;
  // One write: head and body leave together.
  response.writeHead(status, headers).end(buffer);
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** Same groups in any order, same attributes in any key order: one policy. */
function policyKey(session: FoundSession): string {
  if (session.user.isAdmin) return `admin:${session.user.id}`;
  const groups = [...new Set(session.user.groups.map((group) => group.id))].sort((a, b) => a - b);
  const attributes = Object.keys(session.user.attributes)
    .sort()
    .map((name) => [name, session.user.attributes[name]]);
  return `${groups.join(",")}|${JSON.stringify(attributes)}`;
}

export async function startFloorServer(options: FloorOptions): Promise<FloorServer> {
  const maxRows = options.maxRows ?? 2000;
  const sessionMs = (options.sessionMinutes ?? 24 * 60) * 60_000;
  const db: AppDatabase = await openAppDatabase({
    databaseUrl: options.appDatabaseUrl,
    dataDir: tmpdir(),
  });
  const warehouse = new pg.Pool({
    connectionString: options.warehouseUrl,
    max: options.warehousePoolSize ?? 10,
    types: warehouseTypes,
    // What ours sets per statement, set once per connection: the query is one round trip.
    options: "-c default_transaction_read_only=on -c TimeZone=UTC -c statement_timeout=30000",
  });
  warehouse.on("error", () => undefined);
  const key = await crypto.subtle.importKey(
    "raw",
    Buffer.from(options.jwtSecret, "utf8"),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  const compiled = new Map<string, Promise<CompiledCard>>();
  const answers = new Map<string, Buffer>();

  /** Our compiler's SQL for this card and this policy, asked once. */
  function compileFor(cardId: number, session: FoundSession, policy: string) {
    const compileKey = `${cardId}|${policy}`;
    let entry = compiled.get(compileKey);
    if (!entry) {
      const subject = session.user.isAdmin
        ? { userId: session.user.id }
        : {
            attributes: session.user.attributes,
            groupIds: session.user.groups.map((group) => group.id),
          };
      entry = fetch(`${options.compiler.url}/api/admin/preview`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${options.compiler.adminToken}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ ...subject, cardId }),
      }).then(async (answer) => {
        if (answer.status === 404) return { sql: null, parameters: [], columns: [] };
        if (!answer.ok) throw new Error(`preview answered ${answer.status}`);
        const preview = (await answer.json()) as {
          sql: string | null;
          parameters: unknown[];
          result: { columns: unknown[] } | null;
        };
        return {
          sql: preview.sql,
          parameters: preview.parameters,
          columns: preview.result?.columns ?? [],
        };
      });
      entry.catch(() => compiled.delete(compileKey));
      compiled.set(compileKey, entry);
    }
    return entry;
  }

  async function exchange(request: http.IncomingMessage, response: http.ServerResponse) {
    let jwt: unknown;
    try {
      jwt = (JSON.parse(await readBody(request)) as { jwt?: unknown }).jwt;
    } catch {
      return send(response, 400, { code: "invalid_json" });
    }
    if (typeof jwt !== "string") return send(response, 400, { code: "invalid_body" });
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(jwt, key, {
        algorithms: ["HS256"],
        requiredClaims: ["exp", "email"],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch {
      return send(response, 401, { code: "token_invalid" });
    }
    // As ours: iat is optional but not in the future, and no token lives longer than 10 minutes.
    const now = Date.now() / 1000;
    const exp = claims.exp as number;
    const issuedAt = typeof claims.iat === "number" ? claims.iat : now;
    if (
      typeof claims.email !== "string" ||
      issuedAt > now + CLOCK_TOLERANCE_SECONDS ||
      exp - issuedAt > MAX_TOKEN_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS ||
      exp > now + MAX_TOKEN_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS
    ) {
      return send(response, 401, { code: "token_invalid" });
    }
    const attributes: Record<string, SsoAttributeValue> = {};
    for (const [name, value] of Object.entries(claims)) {
      if (!STANDARD_CLAIMS.has(name)) attributes[name] = value as SsoAttributeValue;
    }
    const signedPart = jwt.slice(0, jwt.lastIndexOf("."));
    const jti =
      typeof claims.jti === "string"
        ? claims.jti
        : `sha256:${createHash("sha256").update(signedPart).digest("base64url")}`;
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(Date.now() + sessionMs);
    const result = await recordSsoLogin(db, {
      email: normalizeEmail(claims.email),
      firstName: typeof claims.first_name === "string" ? claims.first_name : null,
      lastName: typeof claims.last_name === "string" ? claims.last_name : null,
      attributes,
      groups: null,
      groupSync: false,
      jti,
      jtiExpiresAt: new Date(exp * 1000 + REPLAY_WINDOW_MARGIN_MS),
      session: {
        tokenHash: createHash("sha256").update(token).digest("hex"),
        kind: "sdk",
        expiresAt,
        userAgent: request.headers["user-agent"]?.slice(0, 500) ?? null,
        ip: request.socket.remoteAddress ?? null,
      },
    });
    if (result.status !== "signed_in") return send(response, 401, { code: result.status });
    send(response, 200, { sessionToken: token, expiresAt: expiresAt.toISOString() });
  }

  async function cardQuery(
    cardId: number,
    request: http.IncomingMessage,
    response: http.ServerResponse,
  ) {
    // The card route takes no body; drain whatever came so the connection stays usable.
    await readBody(request);
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    if (!token) return send(response, 401, { code: "session_invalid" });
    const session = await findSession(db, createHash("sha256").update(token).digest("hex"));
    if (
      !session ||
      session.revokedAt ||
      session.expiresAt.getTime() <= Date.now() ||
      !session.user.isActive
    ) {
      return send(response, 401, { code: "session_invalid" });
    }
    // Keyed on the configuration version the session row brought, as ours is: an admin change
    // recompiles rather than leaving the floor on stale SQL.
    const policy = `${session.configVersion}|${policyKey(session)}`;
    const answerKey = `${cardId}|${policy}|`;
    if (options.cache) {
      const hit = answers.get(answerKey);
      if (hit) return send(response, 200, hit, "hit");
    }
    const card = await compileFor(cardId, session, policy);
    if (card.sql === null) return send(response, 404, { code: "card_not_found" });
    const { rows } = await warehouse.query<unknown[]>({
      text: card.sql,
      values: card.parameters,
      rowMode: "array",
    });
    const kept = rows.length > maxRows ? rows.slice(0, maxRows) : rows;
    const buffer = Buffer.from(
      JSON.stringify({
        columns: card.columns,
        rows: kept,
        rowCount: kept.length,
        truncated: rows.length > maxRows,
      }),
    );
    if (options.cache) answers.set(answerKey, buffer);
    send(response, 200, buffer, "miss");
  }

  const server = http.createServer((request, response) => {
    const url = request.url ?? "/";
    const card = /^\/api\/card\/(\d+)\/query$/.exec(url);
    let handled: Promise<void> | undefined;
    if (request.method === "POST" && url === "/api/session/sso") {
      handled = exchange(request, response);
    } else if (request.method === "POST" && card) {
      handled = cardQuery(Number(card[1]), request, response);
    } else {
      send(response, 404, { code: "not_found" });
      return;
    }
    handled.catch((error: unknown) => {
      console.error("floor:", error instanceof Error ? error.message : error);
      if (!response.headersSent) send(response, 500, { code: "internal_error" });
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await warehouse.end();
      await db.close();
    },
  };
}

// Run as a process of its own, so its CPU time is measured apart from the load generator's.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const floor = await startFloorServer(JSON.parse(process.env.FLOOR_OPTIONS ?? "{}"));
  console.log(`floor listening on ${floor.url}`);
  const stop = () => void floor.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
