import "server-only";
import { type AppDatabase, openAppDatabase } from "@embed/db";
import { getEnv } from "~/env";

// One connection (one PGlite instance, or one pg pool) per process. Kept on globalThis because
// Next.js may evaluate this module more than once (per route bundle, and again on dev reloads).
const KEY = Symbol.for("embed.analytics.appDatabase");
type Holder = { [KEY]?: Promise<AppDatabase> };

/** The app database of this process, opened on first use. */
export function getAppDatabase(): Promise<AppDatabase> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const env = getEnv();
    holder[KEY] = openAppDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.dataDir });
    // A failed open must not be cached forever: the next caller tries again.
    holder[KEY].catch(() => {
      holder[KEY] = undefined;
    });
  }
  return holder[KEY];
}
