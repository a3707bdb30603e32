import "server-only";
import { getEnv } from "~/env";
import { HOT_ROUTES } from "./hot-routes";
import {
  createLeanDispatcher,
  type LeanDispatcher,
  type LeanServerAddress,
} from "./lean-dispatcher";

/**
 * The hand-over between Next.js's bundle and server.mjs, the process's HTTP server: server.mjs is
 * plain Node and cannot import the bundled route files, so the bundle leaves a factory of the lean
 * dispatcher on globalThis under this key, and server.mjs calls it after `app.prepare()`.
 */
export const LEAN_DISPATCHER_KEY = Symbol.for("embed.leanDispatcher");

export type LeanDispatcherFactory = (address: LeanServerAddress) => LeanDispatcher;

/**
 * Offers the factory; null with EMBED_LEAN_PATH=off (server.mjs then hands everything to Next).
 * Called once the startup tasks are done, so no hot route is answered before them.
 */
export function offerLeanDispatcher(): void {
  const factory: LeanDispatcherFactory | null =
    getEnv().EMBED_LEAN_PATH === "off"
      ? null
      : (address) => createLeanDispatcher(HOT_ROUTES, address);
  (globalThis as { [LEAN_DISPATCHER_KEY]?: LeanDispatcherFactory | null })[LEAN_DISPATCHER_KEY] =
    factory;
}
