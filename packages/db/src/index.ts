// The public API of @embed/db. Everything else (src/internal, the generated client's
// internals) may change without notice.

export type { CheckMigrationDriftOptions, MigrationDriftResult } from "./check-migration-drift.js";
export { checkMigrationDrift } from "./check-migration-drift.js";
export type { CreateMigrationOptions, CreateMigrationResult } from "./create-migration.js";
export { createMigration } from "./create-migration.js";
export type { EnsureAdminUserOptions, EnsureAdminUserResult } from "./ensure-admin-user.js";
export { ensureAdminUser } from "./ensure-admin-user.js";
export type { FoundSession } from "./find-session.js";
export { findSession, readConfigVersion } from "./find-session.js";
export type {
  AuditEvent,
  Card,
  Collection,
  ColumnPolicy,
  ColumnPolicyColumn,
  Dashboard,
  DashboardCard,
  DataSource,
  Group,
  GroupMapping,
  GroupMembership,
  NativeQueryGrant,
  PrismaClient,
  RowPolicy,
  Session,
  Setting,
  SettingSecret,
  SyncedColumn,
  SyncedTable,
  TablePermission,
  UsedSsoToken,
  User,
} from "./generated/prisma/client.js";
// The generated client: its type, the Prisma namespace (input types, error classes such as
// Prisma.PrismaClientKnownRequestError), the models and the enums.
export { Prisma } from "./generated/prisma/client.js";
export {
  DataSourceEngine,
  DataSourceKind,
  GroupMembershipSource,
  PermissionLevel,
  QueryKind,
  RowPolicyKind,
  SecretEncryption,
  SecretStatus,
  SemanticType,
  SessionKind,
} from "./generated/prisma/enums.js";
export type { PgliteLease } from "./internal/pglite-registry.js";
/** An embedded PGlite folder served from a worker thread (also the embedded warehouse's). */
export { acquirePglite } from "./internal/pglite-registry.js";
export { isUniqueViolation } from "./is-unique-violation.js";
export type {
  MigrateAppDatabaseOptions,
  MigrateAppDatabaseResult,
} from "./migrate-app-database.js";
export { migrateAppDatabase } from "./migrate-app-database.js";
export type { MigrationErrorCode } from "./migration-error.js";
export { MigrationError } from "./migration-error.js";
export { normalizeEmail } from "./normalize-email.js";
export type {
  AppDatabase,
  AppDatabaseLogger,
  OpenAppDatabaseOptions,
} from "./open-app-database.js";
export { openAppDatabase } from "./open-app-database.js";
export type { SsoAttributeValue, SsoLoginInput, SsoLoginResult } from "./record-sso-login.js";
export {
  countUsersPerMapping,
  explainMappedGroups,
  findMappedGroups,
  honouredGroupClaims,
  type MappedGroupReason,
  recordSsoLogin,
} from "./record-sso-login.js";
export type {
  DemoWarehouse,
  EncryptedSecret,
  SeedDemoConfigOptions,
  SeedDemoConfigResult,
} from "./seed-demo-config.js";
export {
  ADMIN_GROUP_NAME,
  DEVELOPMENT_SECRETS,
  SECRET_SETTING_KEYS,
  seedDemoConfig,
} from "./seed-demo-config.js";
