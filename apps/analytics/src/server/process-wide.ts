import "server-only";

/**
 * The one value called `name` in this process, created on first use. Kept on globalThis because
 * Next.js may evaluate a module once per bundle that imports it (a route's, instrumentation's —
 * whose copy the lean path's routes run in), and state that must hold for the whole process (a
 * cache, a limit's counters) must not exist once per bundle.
 */
export function processWide<T>(name: string, create: () => T): T {
  const holder = globalThis as { [key: symbol]: T | undefined };
  const key = Symbol.for(`embed.${name}`);
  holder[key] ??= create();
  return holder[key];
}
