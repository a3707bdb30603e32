import type { Prisma, PrismaClient } from "./generated/prisma/client.js";
import { DEMO_CARDS, DEMO_COLLECTION, DEMO_DASHBOARD } from "./internal/demo-content.js";
import { DEMO_TABLES, DEMO_WAREHOUSE_SCHEMA } from "./internal/demo-warehouse.js";

/** Keys of the secret settings the server signs and verifies tokens with. */
export const SECRET_SETTING_KEYS = {
  /** HS256 secret shared with the host backend for SSO JWTs (`EMBED_JWT_SHARED_SECRET`). */
  jwtSharedSecret: "jwt_shared_secret",
  /** HS256 secret for guest-embed tokens (`EMBED_GUEST_EMBED_SECRET`). */
  guestEmbedSecret: "guest_embed_secret",
} as const;

/**
 * The published development secrets. Anyone can read them here, which is the point: they make
 * the demo work out of the box and are worthless in production, where the server refuses them.
 */
export const DEVELOPMENT_SECRETS = {
  jwtSharedSecret: "development-only-sso-secret-never-use-in-production",
  guestEmbedSecret: "development-only-embedding-secret-never-use-in-production",
} as const;

export const ADMIN_GROUP_NAME = "Administrators";

/** An encrypted secret, as the server's encryption produced it. This package never decrypts. */
export interface EncryptedSecret {
  ciphertext: Uint8Array;
  nonce: Uint8Array;
  /** The server key that encrypted it (for key rotation). */
  encryptionKid: string;
}

/** Where the demo dashboards read from. */
export type DemoWarehouse =
  /** The bundled PGlite sample warehouse. */
  | { kind: "embedded_sample" }
  /** A PostgreSQL warehouse holding the demo schema; its URL encrypted by the server. */
  | { kind: "url"; connection: EncryptedSecret };

export interface SeedDemoConfigOptions {
  warehouse: DemoWarehouse;
  /** In production the development secrets are never written. */
  isProduction: boolean;
  /** Defaults to `DEVELOPMENT_SECRETS`. */
  developmentSecrets?: { jwtSharedSecret: string; guestEmbedSecret: string } | undefined;
}

export interface SeedDemoConfigResult {
  dataSourceId: number;
  collectionId: number;
  dashboardId: number;
  /** Setting keys that got a development secret in this call (none when they already had one). */
  developmentSecretsWritten: string[];
}

const DEMO_DATA_SOURCE_NAME = "Sample warehouse";
// Serialises concurrent seeds (two servers starting at once) on PostgreSQL.
const SEED_LOCK_KEY = 72707370;

/**
 * Seeds the demo configuration: groups Tenants, Customers and Administrators, the attribute
 * mappings `role=tenant|customer`, the sample warehouse's data source and metadata, sandboxed
 * permissions with row policies (`account_id = {{primary_id}}` for Customers, `tenant_id =
 * {{primary_id}}` for Tenants), and the "Account overview" dashboard. Idempotent: everything is
 * keyed on a natural key and left alone when present, so an administrator's edits survive a
 * re-run. Runs in one transaction.
 *
 * @example
 * await seedDemoConfig(db.prisma, { warehouse: { kind: "embedded_sample" }, isProduction: false });
 */
export async function seedDemoConfig(
  prisma: PrismaClient,
  options: SeedDemoConfigOptions,
): Promise<SeedDemoConfigResult> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
      const groups = await seedGroups(tx);
      const dataSourceId = await seedDataSource(tx, options.warehouse);
      const tables = await seedTables(tx, dataSourceId);
      await seedPolicies(tx, groups, tables);
      const { collectionId, dashboardId } = await seedContent(tx, dataSourceId);
      const developmentSecretsWritten = options.isProduction
        ? []
        : await seedDevelopmentSecrets(tx, options.developmentSecrets ?? DEVELOPMENT_SECRETS);
      return { dataSourceId, collectionId, dashboardId, developmentSecretsWritten };
    },
    // PGlite is single-threaded and cold on first use: the default 5 s is too tight.
    { maxWait: 30_000, timeout: 120_000 },
  );
}

type Tx = Prisma.TransactionClient;
type SyncedTableIds = Map<string, { id: number; columns: Map<string, number> }>;

async function seedGroups(tx: Tx) {
  const upsertGroup = (name: string, description: string, isAdminGroup: boolean) =>
    tx.group.upsert({
      where: { name },
      create: { name, description, isAdminGroup },
      update: {},
    });
  const tenants = await upsertGroup("Tenants", "Host tenants: see their own tenant's rows.", false);
  const customers = await upsertGroup(
    "Customers",
    "A tenant's customers: see their own account's rows.",
    false,
  );
  await upsertGroup(ADMIN_GROUP_NAME, "Administer the analytics server.", true);
  for (const [value, group] of [
    ["tenant", tenants],
    ["customer", customers],
  ] as const) {
    await tx.groupMapping.upsert({
      where: { attribute_value_groupId: { attribute: "role", value, groupId: group.id } },
      create: { attribute: "role", value, groupId: group.id },
      update: {},
    });
  }
  return { tenants, customers };
}

async function seedDataSource(tx: Tx, warehouse: DemoWarehouse): Promise<number> {
  const connection =
    warehouse.kind === "url"
      ? {
          // Copies: Prisma wants plain ArrayBuffer-backed bytes, a Node Buffer may share a pool.
          connectionSecret: Uint8Array.from(warehouse.connection.ciphertext),
          connectionNonce: Uint8Array.from(warehouse.connection.nonce),
          connectionEncryption: "aes_256_gcm" as const,
          connectionEncryptionKid: warehouse.connection.encryptionKid,
        }
      : {};
  const dataSource = await tx.dataSource.upsert({
    where: { name: DEMO_DATA_SOURCE_NAME },
    create: {
      name: DEMO_DATA_SOURCE_NAME,
      engine: "postgres",
      kind: warehouse.kind,
      ...connection,
    },
    update: {},
  });
  return dataSource.id;
}

async function seedTables(tx: Tx, dataSourceId: number): Promise<SyncedTableIds> {
  const tables: SyncedTableIds = new Map();
  // Tables in dependency order: a foreign key's target column exists before the column itself.
  for (const table of DEMO_TABLES) {
    const { id: tableId } = await tx.syncedTable.upsert({
      where: {
        dataSourceId_schema_name: { dataSourceId, schema: DEMO_WAREHOUSE_SCHEMA, name: table.name },
      },
      create: {
        dataSourceId,
        schema: DEMO_WAREHOUSE_SCHEMA,
        name: table.name,
        displayName: table.displayName,
      },
      update: {},
    });
    const columns = new Map<string, number>();
    for (const [position, column] of table.columns.entries()) {
      const [targetTable, targetColumn] = column.references?.split(".") ?? [];
      const foreignKeyTargetId =
        targetTable && targetColumn
          ? tables.get(targetTable)?.columns.get(targetColumn)
          : undefined;
      const { id } = await tx.syncedColumn.upsert({
        where: { tableId_name: { tableId, name: column.name } },
        create: {
          tableId,
          name: column.name,
          displayName: column.displayName,
          databaseType: column.databaseType,
          semanticType: column.semanticType,
          position,
          isPrimaryKey: column.isPrimaryKey ?? false,
          foreignKeyTargetId,
        },
        update: {},
      });
      columns.set(column.name, id);
    }
    tables.set(table.name, { id: tableId, columns });
  }
  return tables;
}

async function seedPolicies(
  tx: Tx,
  groups: { tenants: { id: number }; customers: { id: number } },
  tables: SyncedTableIds,
): Promise<void> {
  // Customers see their own account's rows, tenants their own tenant's rows: the JWT's
  // `primary_id` attribute is the account id for one and the tenant id for the other.
  const sandboxes = [
    { groupId: groups.customers.id, column: "account_id" },
    { groupId: groups.tenants.id, column: "tenant_id" },
  ];
  for (const { groupId, column } of sandboxes) {
    for (const [tableName, table] of tables) {
      const columnId = table.columns.get(column);
      if (columnId === undefined) {
        throw new Error(`Demo table ${tableName} has no ${column} column to sandbox on.`);
      }
      await tx.tablePermission.upsert({
        where: { groupId_tableId: { groupId, tableId: table.id } },
        create: { groupId, tableId: table.id, level: "sandboxed" },
        update: {},
      });
      await tx.rowPolicy.upsert({
        where: { groupId_tableId: { groupId, tableId: table.id } },
        create: {
          groupId,
          tableId: table.id,
          kind: "column_attribute",
          columnId,
          attributeName: "primary_id",
        },
        update: {},
      });
    }
  }
}

async function seedContent(tx: Tx, dataSourceId: number) {
  const collection = await tx.collection.upsert({
    where: { entityId: DEMO_COLLECTION.entityId },
    create: { ...DEMO_COLLECTION },
    update: {},
  });
  const dashboard = await tx.dashboard.upsert({
    where: { entityId: DEMO_DASHBOARD.entityId },
    create: {
      entityId: DEMO_DASHBOARD.entityId,
      name: DEMO_DASHBOARD.name,
      description: DEMO_DASHBOARD.description,
      parameters: DEMO_DASHBOARD.parameters.map((parameter) => ({ ...parameter })),
      // The sample host's guest page embeds it (its account is locked): open it to guest tokens.
      guestEmbeddingEnabled: true,
      collectionId: collection.id,
    },
    update: {},
  });
  for (const demoCard of DEMO_CARDS) {
    const card = await tx.card.upsert({
      where: { entityId: demoCard.entityId },
      create: {
        entityId: demoCard.entityId,
        name: demoCard.name,
        description: demoCard.description,
        display: demoCard.display,
        queryKind: "structured",
        query: demoCard.query as Prisma.InputJsonObject,
        visualizationSettings: demoCard.visualizationSettings as Prisma.InputJsonObject,
        collectionId: collection.id,
        dataSourceId,
      },
      update: {},
    });
    await tx.dashboardCard.upsert({
      where: { entityId: `${demoCard.entityId}-on-${DEMO_DASHBOARD.entityId}` },
      create: {
        entityId: `${demoCard.entityId}-on-${DEMO_DASHBOARD.entityId}`,
        dashboardId: dashboard.id,
        cardId: card.id,
        ...demoCard.layout,
        parameterMappings: demoCard.parameterMappings as Prisma.InputJsonArray,
      },
      update: {},
    });
  }
  return { collectionId: collection.id, dashboardId: dashboard.id };
}

async function seedDevelopmentSecrets(
  tx: Tx,
  secrets: { jwtSharedSecret: string; guestEmbedSecret: string },
): Promise<string[]> {
  const written: string[] = [];
  for (const [name, key] of Object.entries(SECRET_SETTING_KEYS) as [
    keyof typeof SECRET_SETTING_KEYS,
    string,
  ][]) {
    await tx.setting.upsert({
      where: { key },
      create: { key, isSecret: true },
      update: {},
    });
    // Any existing version, development or real, means the secret is configured: leave it.
    if ((await tx.settingSecret.count({ where: { settingKey: key } })) > 0) continue;
    await tx.settingSecret.create({
      data: {
        settingKey: key,
        version: 1,
        kid: `${key}-development`,
        value: new TextEncoder().encode(secrets[name]),
        encryption: "none",
        status: "current",
        isDevelopmentDefault: true,
      },
    });
    written.push(key);
  }
  return written;
}
