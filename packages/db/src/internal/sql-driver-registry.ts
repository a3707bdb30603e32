import type { AppDatabase } from "../open-app-database.js";
import type { SqlDriver } from "./sql-driver.js";

// The raw-SQL side of an AppDatabase stays out of its public shape: only this package's
// migration runner needs it.
const drivers = new WeakMap<AppDatabase, SqlDriver>();

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
