import type { EmbedError } from "../types";
import { EmbedRequestError, isAbortError, toEmbedError } from "./embed-request-error";
import { errorFromResponse, fetchOrThrow, readJson } from "./http";
import { isJwtResponse, isSessionTokenResponse } from "./wire-shapes";

/** How the host proves who the user is: a URL answering `{ jwt }`, or a function. */
export type AuthConfig =
  | { jwtProviderUri: string; fetchRequestToken?: never }
  | { fetchRequestToken: () => Promise<{ jwt: string }>; jwtProviderUri?: never };

export type AuthSnapshot =
  | { status: "loading"; error?: undefined }
  | { status: "authenticated"; error?: undefined }
  | { status: "error"; error: EmbedError };

export interface SessionOptions {
  instanceUrl: string;
  /** Read at each renewal, so a host may pass a new function on every render. */
  getAuth: () => AuthConfig;
  onError?: (error: EmbedError) => void;
}

// A token is used until this close to its expiry; renewal is scheduled earlier (see below).
const MIN_VALIDITY_MS = 5_000;
// Renew at 10% of the lifetime before expiry, between 5 s and 60 s ahead.
const RENEW_AHEAD_MIN_MS = 5_000;
const RENEW_AHEAD_MAX_MS = 60_000;
// setTimeout overflows past 2^31-1 ms (~24.8 days); longer sessions re-arm.
const MAX_TIMER_MS = 2 ** 31 - 1;
const LOADING: AuthSnapshot = { status: "loading" };
const AUTHENTICATED: AuthSnapshot = { status: "authenticated" };

/**
 * The SDK session: trades the host's JWT for a bearer session token, keeps it in memory only
 * (never storage, never a URL), renews it ahead of expiry and once after a 401, and shares one
 * renewal among concurrent callers. Components subscribe to its status, never to the token, so
 * a renewal re-renders nothing.
 */
export class Session {
  private token: string | null = null;
  private expiresAt = 0;
  private renewing: Promise<string> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private snapshot: AuthSnapshot = LOADING;
  private readonly listeners = new Set<() => void>();
  private isRunning = false;

  constructor(private readonly options: SessionOptions) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): AuthSnapshot => this.snapshot;

  /** Starts the first exchange (idempotent: StrictMode's double effects share it). */
  start(): void {
    this.isRunning = true;
    if (this.token && this.hasValidToken()) this.schedule();
    else if (this.snapshot.status !== "error") this.renew().catch(() => {});
  }

  /** Stops renewing (on unmount). An exchange in flight still completes and is kept. */
  stop(): void {
    this.isRunning = false;
    clearTimeout(this.timer);
  }

  /** After an error: forget it and exchange again. */
  retry(): Promise<void> {
    if (this.snapshot.status === "error") this.setSnapshot(LOADING);
    return this.renew().then(
      () => undefined,
      () => undefined,
    );
  }

  /** A usable token: the current one, or the (shared) renewal's. */
  getToken(): Promise<string> {
    if (this.token && this.hasValidToken()) return Promise.resolve(this.token);
    if (this.snapshot.status === "error" && !this.renewing) {
      // Do not hammer the host's JWT provider from every query: wait for `retry()`.
      return Promise.reject(this.snapshot.error);
    }
    return this.renew();
  }

  /**
   * A request to the analytics API with the bearer token. A 401 means the session died early
   * (revoked, expired while the tab slept): renew once and retry once; a second 401 is final.
   */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const url = `${this.options.instanceUrl}${path}`;
    try {
      const token = await this.getToken();
      let response = await fetchOrThrow(url, withBearer(init, token));
      if (response.status === 401) {
        // Only forget the token this request used: a concurrent 401 may already have renewed.
        if (this.token === token) this.token = null;
        const fresh = await this.getToken();
        response = await fetchOrThrow(url, withBearer(init, fresh));
      }
      if (!response.ok) throw await errorFromResponse(response);
      return response;
    } catch (error) {
      // An auth failure was reported once, by the exchange; do not repeat it per request.
      const isAuthError = this.snapshot.status === "error" && this.snapshot.error === error;
      if (!isAbortError(error) && !isAuthError) this.options.onError?.(toEmbedError(error));
      throw error;
    }
  }

  /** `fetch`, then the JSON body checked against a shape. */
  async request<T>(
    path: string,
    isShape: (value: unknown) => value is T,
    what: string,
    init: RequestInit = {},
  ): Promise<T> {
    const response = await this.fetch(path, init);
    return readJson(response, isShape, what);
  }

  private hasValidToken(): boolean {
    return Date.now() < this.expiresAt - MIN_VALIDITY_MS;
  }

  private renew(): Promise<string> {
    this.renewing ??= this.exchange().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  private async exchange(): Promise<string> {
    try {
      const jwt = await this.fetchJwt();
      const response = await fetchOrThrow(`${this.options.instanceUrl}/api/session/sso`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ jwt }),
        // Bearer tokens only: the SDK never relies on (or sends) the analytics server's cookies.
        credentials: "omit",
      });
      if (!response.ok) throw await errorFromResponse(response);
      const session = await readJson(response, isSessionTokenResponse, "session");
      this.token = session.sessionToken;
      this.expiresAt = Date.parse(session.expiresAt);
      if (this.isRunning) this.schedule();
      this.setSnapshot(AUTHENTICATED);
      return session.sessionToken;
    } catch (thrown) {
      const error = toEmbedError(thrown);
      if (this.token && this.hasValidToken()) {
        // A scheduled renewal failed while the token still works: keep working, try again.
        this.scheduleRetry();
      } else {
        this.token = null;
        this.setSnapshot({ status: "error", error });
        this.options.onError?.(error);
      }
      throw error;
    }
  }

  private async fetchJwt(): Promise<string> {
    const auth = this.options.getAuth();
    if ("fetchRequestToken" in auth && typeof auth.fetchRequestToken === "function") {
      let answer: unknown;
      try {
        answer = await auth.fetchRequestToken();
      } catch (error) {
        throw new EmbedRequestError(
          "jwt_provider_failed",
          `fetchRequestToken failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (!isJwtResponse(answer)) {
        throw new EmbedRequestError(
          "jwt_provider_failed",
          "fetchRequestToken must resolve to { jwt: string }.",
        );
      }
      return answer.jwt;
    }
    const uri = (auth as { jwtProviderUri: string }).jwtProviderUri;
    // The host's own endpoint: its session cookie says who the user is.
    const response = await fetchOrThrow(uri, {
      credentials: "include",
      headers: { accept: "application/json" },
    });
    if (!response.ok) {
      const cause = await errorFromResponse(response);
      throw new EmbedRequestError(
        "jwt_provider_failed",
        `The JWT provider (${uri}) answered ${response.status}: ${cause.message}`,
        response.status,
      );
    }
    try {
      return (await readJson(response, isJwtResponse, "JWT provider")).jwt;
    } catch {
      throw new EmbedRequestError(
        "jwt_provider_failed",
        `The JWT provider (${uri}) must answer { "jwt": "…" }.`,
      );
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const lifetime = Math.max(0, this.expiresAt - Date.now());
    const ahead = Math.min(RENEW_AHEAD_MAX_MS, Math.max(RENEW_AHEAD_MIN_MS, lifetime * 0.1));
    const delay = Math.max(0, this.expiresAt - ahead - Date.now());
    if (delay > MAX_TIMER_MS) {
      this.timer = setTimeout(() => this.schedule(), MAX_TIMER_MS);
      return;
    }
    this.timer = setTimeout(() => {
      this.renew().catch(() => {});
    }, delay);
  }

  private scheduleRetry(): void {
    if (!this.isRunning) return;
    clearTimeout(this.timer);
    const remaining = this.expiresAt - MIN_VALIDITY_MS - Date.now();
    this.timer = setTimeout(
      () => {
        this.renew().catch(() => {});
      },
      Math.max(1_000, Math.min(30_000, remaining / 2)),
    );
  }

  private setSnapshot(next: AuthSnapshot): void {
    if (next === this.snapshot) return;
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}

function withBearer(init: RequestInit, token: string): RequestInit {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${token}`);
  if (!headers.has("accept")) headers.set("accept", "application/json");
  return { ...init, headers, credentials: "omit" };
}
