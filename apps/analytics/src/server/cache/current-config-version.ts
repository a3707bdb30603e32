import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { readConfigVersion } from "@embed/db";
import { getAppDatabase } from "../db/app-database";
import { processWide } from "../process-wide";

/** The configuration version one request works with, once known. */
interface RequestScope {
  version?: Promise<string>;
}

const scopes = processWide("configVersionScopes", () => new AsyncLocalStorage<RequestScope>());

/**
 * Runs one request with its own configuration-version memo: the version is read at most once per
 * request (or taken from the session row that authenticated it), and every settings, key or
 * content cache the request consults agrees on it.
 */
export function runWithConfigVersionScope<T>(handle: () => Promise<T>): Promise<T> {
  return scopes.run({}, handle);
}

/** Records the version read with the request's session (`findSession`), sparing a query. */
export function rememberConfigVersion(version: string): void {
  const scope = scopes.getStore();
  if (scope && !scope.version) scope.version = Promise.resolve(version);
}

/**
 * The configuration version this request works with: the remembered one, else one cheap query
 * (outside a request scope — the proxy, pages — every call reads it). Never a timer: a change
 * raises the version in the database, so the next request of every server sees it.
 */
export function currentConfigVersion(): Promise<string> {
  const scope = scopes.getStore();
  if (scope?.version) return scope.version;
  const version = getAppDatabase().then(readConfigVersion);
  if (scope) {
    scope.version = version;
    version.catch(() => {
      if (scope.version === version) scope.version = undefined;
    });
  }
  return version;
}
