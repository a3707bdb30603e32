import type { AppDatabase } from "../open-app-database.js";
import type { SqlDriver } from "./sql-driver.js";

// The raw-SQL side of an AppDatabase stays out of its public shape: only this package uses it
// (migrations, and the statements on the hot path). The map lives on globalThis because a bundler
// may load this package twice in one process (its ESM and CJS builds, say), and a database
// opened through one copy must still be found through the other.
const KEY = Symbol.for("embed.db.sqlDrivers");
const holder = globalThis as { [KEY]?: WeakMap<AppDatabase, SqlDriver> };
holder[KEY] ??= new WeakMap();
const drivers = holder[KEY];

export function registerSqlDriver(db: AppDatabase, driver: SqlDriver): void {
  drivers.set(db, driver);
}

export function getSqlDriver(db: AppDatabase): SqlDriver {
  const driver = drivers.get(db);
  if (!driver) {
    throw new TypeError("Expected an AppDatabase returned by openAppDatabase().");
  }
  return driver;
}
