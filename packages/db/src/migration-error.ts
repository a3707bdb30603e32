/** Why the app database could not be brought up to date. */
export type MigrationErrorCode =
  /** A migration's SQL failed; it was rolled back and the database is as it was. */
  | "migration_failed"
  /** An applied migration's migration.sql was edited afterwards. */
  | "migration_checksum_mismatch"
  /** The database has a migration this version does not know (a newer server migrated it?). */
  | "migration_unknown"
  /** A migration tool recorded a migration as started but never finished. */
  | "migration_incomplete"
  /** The migrations folder is missing or malformed. */
  | "migrations_unreadable";

/**
 * Thrown by `migrateAppDatabase` when the server must not start: the message says which
 * migration, what went wrong and what to do.
 */
export class MigrationError extends Error {
  override readonly name = "MigrationError";
  readonly code: MigrationErrorCode;
  /** The migration folder name, when one is to blame. */
  readonly migrationName: string | undefined;

  constructor(
    code: MigrationErrorCode,
    message: string,
    options: { migrationName?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.migrationName = options.migrationName;
  }
}
