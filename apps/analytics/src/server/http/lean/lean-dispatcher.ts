import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { toErrorResponse } from "../api-error";
import { serializedBody } from "../json-response";

/** A route file's exports: its method handlers (`GET`, `POST`, `OPTIONS`, the JSON 405s…). */
export type RouteModule = Record<string, unknown>;

type RouteHandler = (request: Request, context: { params: Promise<unknown> }) => Promise<Response>;

/** One hot route: its path pattern (`/api/card/:id/query`) and its route file's module. */
export interface LeanRoute {
  pattern: string;
  module: RouteModule;
}

/** What the server answering on the lean path listens on: the origin of `request.url`. */
export interface LeanServerAddress {
  hostname: string;
  port: number;
}

/**
 * Answers `request` if it is for a hot route and returns true; returns false, having touched
 * nothing, for anything else — the caller hands it to Next.js.
 */
export type LeanDispatcher = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * Bodies up to this size are read here; a larger or unsized (chunked) one goes to Next.js, whose
 * route then reads it as a stream with its own limit and error. The hot routes' bodies are
 * small: a JWT, a card's parameter values, a dataset query.
 */
const MAX_LEAN_BODY_BYTES = 256 * 1024;

/** Set on every response by next.config.ts `headers()` for Next.js's answers, so here too. */
const ALWAYS_HEADERS = { "x-content-type-options": "nosniff" } as const;

const NO_BODY = Buffer.alloc(0);

interface CompiledRoute {
  segments: string[];
  /** For each segment, the parameter it names (`:id` → "id") or null for a literal. */
  parameters: (string | null)[];
  module: RouteModule;
}

/**
 * The lean HTTP path (issue 12): the hot JSON routes answered straight from `node:http`, without
 * Next.js's request machinery (its router, web `Request` adaptation, manifests, two writes per
 * response), by calling THE SAME exported handler the route file gives Next.js — a route's logic
 * exists once. What it adds is only what Next.js's adapter adds: `request.url` built as
 * `next start` builds it, the route's params, `request.signal` aborted when the client goes away,
 * the headers of next.config.ts; the response goes out as one buffer with its length.
 *
 * Anything unusual falls through to Next.js untouched: a path with `%`, `//`, `\` or a trailing
 * slash (Next normalizes, redirects or refuses those), a method the route file does not export
 * (Next answers HEAD from GET), a body over MAX_LEAN_BODY_BYTES or without a length.
 */
export function createLeanDispatcher(
  routes: readonly LeanRoute[],
  address: LeanServerAddress,
): LeanDispatcher {
  const compiled = routes.map(compileRoute);
  const origin = (protocol: string) =>
    `${protocol}://${formatHostname(address.hostname)}:${address.port}`;

  return (request, response) => {
    const url = request.url ?? "";
    const queryAt = url.indexOf("?");
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    if (!path.startsWith("/api/") || /[%\\]|\/\/|\/$/.test(path)) return false;

    const match = matchRoute(compiled, path);
    const handler = match?.route.module[request.method ?? ""];
    if (!match || typeof handler !== "function") return false;

    const length = bodyLength(request);
    if (length === null) return false;

    void answer(request, response, handler as RouteHandler, {
      url: `${origin(requestProtocol(request))}${url}`,
      params: match.params,
      length,
    });
    return true;
  };
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  handler: RouteHandler,
  { url, params, length }: { url: string; params: Record<string, string>; length: number },
): Promise<void> {
  let answered: Response;
  try {
    const method = request.method ?? "GET";
    // Read either way (the connection is reused after it); a GET or HEAD body is not the
    // route's business, and a web Request refuses one, as Next.js's adapter leaves it out.
    const body = length > 0 ? await readBody(request, length) : null;
    const webRequest = new LeanRequest(response, url, {
      method,
      headers: webHeaders(request),
      ...(body && method !== "GET" && method !== "HEAD" ? { body } : {}),
    });
    answered = await handler(webRequest, { params: Promise.resolve(params) });
  } catch (error) {
    // The handlers are wrapped by apiHandler and answer their own errors; this is the
    // dispatcher's own failure (a body cut short, a header undici refuses).
    answered = toErrorResponse(error);
  }
  if (response.destroyed) return;
  await writeAnswer(response, answered).catch(() => response.destroy());
}

/**
 * A web Request whose `signal` aborts when the client goes away, as Next.js's does (queries stop).
 * Made on first read: undici's own `signal` init costs more than the rest of the Request, and
 * most routes never look at it.
 */
class LeanRequest extends Request {
  readonly #response: ServerResponse;
  #disconnected: AbortController | undefined;

  constructor(response: ServerResponse, url: string, init: RequestInit) {
    super(url, init);
    this.#response = response;
  }

  override get signal(): AbortSignal {
    if (!this.#disconnected) {
      const disconnected = new AbortController();
      this.#disconnected = disconnected;
      if (this.#response.closed && !this.#response.writableFinished) disconnected.abort();
      this.#response.once("close", () => {
        if (!this.#response.writableFinished) disconnected.abort();
      });
    }
    return this.#disconnected.signal;
  }
}

/** Writes a web Response with one `end()`: status, headers and the whole body with its length. */
async function writeAnswer(response: ServerResponse, answered: Response): Promise<void> {
  // JSON made by jsonResponse is written as the text it was made from, not read back.
  const text = serializedBody(answered);
  const body =
    text !== undefined
      ? Buffer.from(text)
      : answered.body
        ? Buffer.from(await answered.arrayBuffer())
        : NO_BODY;
  const headers: Record<string, string | string[]> = { ...ALWAYS_HEADERS };
  answered.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = answered.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  if (answered.status !== 204 && answered.status !== 304) {
    headers["content-length"] = String(body.byteLength);
  }
  response.writeHead(answered.status, headers);
  response.end(body);
}

/** The body's declared length, 0 for none, or null when it must go to Next.js (see above). */
function bodyLength(request: IncomingMessage): number | null {
  if (request.headers["transfer-encoding"] !== undefined) return null;
  const declared = request.headers["content-length"];
  if (declared === undefined) return 0;
  const length = Number(declared);
  return Number.isSafeInteger(length) && length >= 0 && length <= MAX_LEAN_BODY_BYTES
    ? length
    : null;
}

function readBody(request: IncomingMessage, length: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      chunks.push(chunk);
    });
    request.once("end", () =>
      size === length
        ? resolve(new Uint8Array(Buffer.concat(chunks, size)))
        : reject(new Error("body cut short")),
    );
    request.once("error", reject);
  });
}

/** `request.headers` (not the raw ones: record-peer-address.ts appends the peer to them). */
function webHeaders(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.append(name, value);
  }
  return headers;
}

/** As `next start` decides `request.url`'s scheme (resolve-routes.js). */
function requestProtocol(request: IncomingMessage): "http" | "https" {
  const encrypted = (request.socket as TLSSocket).encrypted === true;
  const forwarded = request.headers["x-forwarded-proto"];
  return encrypted || (typeof forwarded === "string" && forwarded.includes("https"))
    ? "https"
    : "http";
}

function formatHostname(hostname: string): string {
  return hostname.includes(":") && !hostname.startsWith("[") ? `[${hostname}]` : hostname;
}

function compileRoute(route: LeanRoute): CompiledRoute {
  const segments = route.pattern.split("/");
  return {
    segments,
    parameters: segments.map((segment) => (segment.startsWith(":") ? segment.slice(1) : null)),
    module: route.module,
  };
}

function matchRoute(routes: CompiledRoute[], path: string) {
  const segments = path.split("/");
  for (const route of routes) {
    if (route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let matches = true;
    for (let i = 0; i < segments.length; i++) {
      const name = route.parameters[i];
      const segment = segments[i] as string;
      if (name) {
        if (segment === "") {
          matches = false;
          break;
        }
        params[name] = segment;
      } else if (route.segments[i] !== segment) {
        matches = false;
        break;
      }
    }
    if (matches) return { route, params };
  }
  return null;
}
