import "server-only";
import { isUniqueViolation } from "@embed/db";
import { createPostgresDriver, introspectWarehouse, type WarehouseMetadata } from "@embed/query";
import type { z } from "zod";
import type {
  CreateDataSourceSchema,
  TestDataSourceInput,
  UpdateColumnInput,
  UpdateDataSourceInput,
  UpdateTableInput,
} from "~/shared/admin-schemas/data-sources";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { sealSecret } from "../settings/secret-box";
import { closeWarehouse } from "../warehouse/warehouses";
import { ADMIN_TRANSACTION_OPTIONS, type Db, requireDataSource, requireTable } from "./lookups";
import {
  applyWarehouseMetadata,
  describeSync,
  isTableShown,
  syncStateSelect,
  unreachableDataSource,
} from "./sync-data-source";

const CONNECT_TIMEOUT_MS = 15_000;

const dataSourceSelect = {
  id: true,
  name: true,
  engine: true,
  kind: true,
  syncedAt: true,
  createdAt: true,
  updatedAt: true,
  ...syncStateSelect,
  _count: { select: { tables: { where: { visible: true } } } },
} as const;

type SelectedSource = {
  _count: { tables: number };
} & Parameters<typeof describeSync>[0];

function toView<T extends SelectedSource>(selected: T) {
  const {
    _count,
    syncStatus,
    syncTablesDone,
    syncTablesTotal,
    syncStartedAt,
    syncFinishedAt,
    syncError,
    syncSummary,
    ...source
  } = selected;
  return { ...source, tableCount: _count.tables, sync: describeSync(selected) };
}

/** Data sources with their sync state. Connection secrets are never read here, let alone shown. */
export async function listDataSources() {
  const { prisma } = await getAppDatabase();
  const sources = await prisma.dataSource.findMany({
    orderBy: { id: "asc" },
    select: dataSourceSelect,
  });
  return sources.map(toView);
}

/**
 * One data source with its synced tables and columns (hidden tables too, marked): the ids that
 * permissions and policies are set with. Never the connection secret.
 */
export async function getDataSource(dataSourceId: number) {
  const { prisma } = await getAppDatabase();
  const source = await prisma.dataSource.findUnique({
    where: { id: dataSourceId },
    select: {
      ...dataSourceSelect,
      tables: {
        orderBy: [{ name: "asc" }, { id: "asc" }],
        include: {
          columns: {
            orderBy: { position: "asc" },
            include: {
              foreignKeyTarget: {
                select: { id: true, name: true, table: { select: { name: true } } },
              },
            },
          },
        },
      },
    },
  });
  if (!source) {
    throw new ApiError("data_source_not_found", 404, `There is no data source ${dataSourceId}.`);
  }
  const { tables, ...rest } = source;
  return {
    ...toView(rest),
    tables: tables.map((table) => ({
      id: table.id,
      schema: table.schema,
      name: table.name,
      displayName: table.displayName,
      description: table.description,
      visible: table.visible,
      hiddenByAdmin: table.hiddenByAdmin,
      missingFromWarehouse: table.missingFromWarehouse,
      columns: table.columns.map((column) => ({
        id: column.id,
        name: column.name,
        displayName: column.displayName,
        databaseType: column.databaseType,
        semanticType: column.semanticType,
        visible: column.visible,
        isPrimaryKey: column.isPrimaryKey,
        foreignKey: column.foreignKeyTarget
          ? {
              columnId: column.foreignKeyTarget.id,
              table: column.foreignKeyTarget.table.name,
              column: column.foreignKeyTarget.name,
            }
          : null,
      })),
    })),
  };
}

/** Opens a throwaway connection and reads the schema: proof that the URL works, before saving. */
async function introspectUrl(url: string): Promise<WarehouseMetadata> {
  let driver: ReturnType<typeof createPostgresDriver> | undefined;
  try {
    driver = createPostgresDriver({ connectionString: url, poolSize: 2 });
    return await introspectWarehouse(driver, { timeoutMs: CONNECT_TIMEOUT_MS });
  } catch (error) {
    throw unreachableDataSource(error);
  } finally {
    // Not awaited: a pool still waiting on an unreachable host must not hold the answer up.
    driver?.close().catch(() => undefined);
  }
}

/**
 * "Test connection": connects and reads the schema exactly as saving would, and stores nothing.
 * 400 `data_source_unreachable` with a reason that never repeats the URL.
 */
export async function testDataSourceConnection(input: TestDataSourceInput) {
  const metadata = await introspectUrl(input.url);
  return { ok: true as const, tables: metadata.tables.length, engine: "postgres" as const };
}

/**
 * Registers a PostgreSQL data source: the URL is checked by introspecting the warehouse, then
 * stored encrypted (AES-256-GCM under the server key) together with the synced tables, in one
 * transaction.
 */
export async function createDataSource(
  input: z.infer<typeof CreateDataSourceSchema>,
  actorUserId: number,
) {
  const { prisma } = await getAppDatabase();
  await refuseTakenName(prisma, input.name);
  // Before connecting anywhere: without a server key there is nowhere safe to keep the URL.
  const sealed = sealSecret(input.url);
  const metadata = await introspectUrl(input.url);
  try {
    return await prisma.$transaction(async (tx) => {
      const source = await tx.dataSource.create({
        data: {
          name: input.name,
          engine: "postgres",
          kind: "url",
          connectionSecret: sealed.ciphertext,
          connectionNonce: sealed.nonce,
          connectionEncryption: "aes_256_gcm",
          connectionEncryptionKid: sealed.encryptionKid,
          syncedAt: new Date(),
        },
        select: { id: true },
      });
      const summary = await applyWarehouseMetadata((work) => work(tx), source.id, metadata);
      // Reading the schema to create it was its first sync: the console shows what it found.
      await tx.dataSource.update({
        where: { id: source.id },
        data: {
          syncTablesDone: metadata.tables.length,
          syncTablesTotal: metadata.tables.length,
          syncFinishedAt: new Date(),
          syncSummary: { ...summary },
        },
      });
      await recordAuditEvent(
        {
          type: "data_source.created",
          actorUserId,
          resourceType: "data_source",
          resourceId: source.id,
          payload: { name: input.name, engine: "postgres", tables: summary.tablesAdded },
        },
        tx,
      );
      const created = await tx.dataSource.findUniqueOrThrow({
        where: { id: source.id },
        select: dataSourceSelect,
      });
      return toView(created);
    }, ADMIN_TRANSACTION_OPTIONS);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name ?? "");
    throw error;
  }
}

async function refuseTakenName(db: Db, name: string, exceptId?: number) {
  const taken = await db.dataSource.findUnique({ where: { name }, select: { id: true } });
  if (taken && taken.id !== exceptId) {
    throw nameTaken(name);
  }
}

function nameTaken(name: string) {
  return new ApiError("conflict", 409, `A data source named "${name}" already exists.`);
}

/** The built-in sample warehouse has no URL to replace and is not removed. 409. */
function refuseBuiltIn(source: { name: string; kind: string }, action: string) {
  if (source.kind !== "url") {
    throw new ApiError(
      "data_source_built_in",
      409,
      `"${source.name}" is the built-in sample warehouse: it cannot ${action}.`,
    );
  }
}

/**
 * Renames a data source and/or replaces its URL. A new URL is tested exactly as on create, then
 * re-encrypted; the tables stay as synced until the next sync.
 */
export async function updateDataSource(
  dataSourceId: number,
  input: UpdateDataSourceInput,
  actorUserId: number,
) {
  const { prisma } = await getAppDatabase();
  const source = await requireDataSource(prisma, dataSourceId);
  if (input.url !== undefined) refuseBuiltIn(source, "have a connection URL");
  if (input.name !== undefined) await refuseTakenName(prisma, input.name, dataSourceId);
  const sealed = input.url === undefined ? null : sealSecret(input.url);
  if (input.url !== undefined) await introspectUrl(input.url);
  try {
    return await prisma.$transaction(async (tx) => {
      const updated = await tx.dataSource.update({
        where: { id: dataSourceId },
        data: {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(sealed
            ? {
                connectionSecret: sealed.ciphertext,
                connectionNonce: sealed.nonce,
                connectionEncryption: "aes_256_gcm" as const,
                connectionEncryptionKid: sealed.encryptionKid,
              }
            : {}),
        },
        select: dataSourceSelect,
      });
      await recordAuditEvent(
        {
          type: "data_source.updated",
          actorUserId,
          resourceType: "data_source",
          resourceId: dataSourceId,
          payload: { name: updated.name, previousName: source.name, urlReplaced: sealed !== null },
        },
        tx,
      );
      return toView(updated);
    }, ADMIN_TRANSACTION_OPTIONS);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name ?? "");
    throw error;
  }
}

/** How many questions name in a refusal: enough to find them, not a wall of text. */
const USERS_NAMED = 3;

/**
 * Deletes a data source with its synced tables and policies. Refused (409) for the built-in
 * sample warehouse, while any question uses it (`data_source_in_use`, naming a few), and while
 * it syncs.
 */
export async function deleteDataSource(dataSourceId: number, actorUserId: number) {
  const { prisma } = await getAppDatabase();
  const deleted = await prisma.$transaction(async (tx) => {
    const source = await requireDataSource(tx, dataSourceId);
    refuseBuiltIn(source, "be deleted");
    if (describeSync(source).status === "running") {
      throw new ApiError(
        "sync_in_progress",
        409,
        `A sync of "${source.name}" is running; delete it when the sync has finished.`,
      );
    }
    const [count, cards] = await Promise.all([
      tx.card.count({ where: { dataSourceId } }),
      tx.card.findMany({
        where: { dataSourceId },
        orderBy: { id: "asc" },
        take: USERS_NAMED,
        select: { name: true },
      }),
    ]);
    if (count > 0) {
      const named = cards.map((card) => `"${card.name}"`).join(", ");
      throw new ApiError(
        "data_source_in_use",
        409,
        `"${source.name}" is used by ${count} question${count === 1 ? "" : "s"} (${named}${count > cards.length ? ", …" : ""}): delete them or move them to another data source first.`,
      );
    }
    await tx.dataSource.delete({ where: { id: dataSourceId } });
    await recordAuditEvent(
      {
        type: "data_source.deleted",
        actorUserId,
        resourceType: "data_source",
        resourceId: dataSourceId,
        payload: { name: source.name },
      },
      tx,
    );
    return { id: dataSourceId, name: source.name };
  }, ADMIN_TRANSACTION_OPTIONS);
  closeWarehouse(dataSourceId);
  return deleted;
}

/**
 * Curates a synced table's name, description and visibility. Hiding is presentation: the table
 * leaves metadata and pickers, while permissions and policies are what restrict data.
 */
export async function updateTable(tableId: number, input: UpdateTableInput, actorUserId: number) {
  const { prisma } = await getAppDatabase();
  return prisma.$transaction(async (tx) => {
    const table = await requireTable(tx, tableId);
    const hiddenByAdmin = input.visible === undefined ? table.hiddenByAdmin : !input.visible;
    const updated = await tx.syncedTable.update({
      where: { id: tableId },
      data: {
        displayName: input.displayName,
        description: input.description,
        hiddenByAdmin,
        visible: isTableShown({ ...table, hiddenByAdmin }),
      },
    });
    await recordAuditEvent(
      {
        type: "metadata.changed",
        actorUserId,
        resourceType: "table",
        resourceId: tableId,
        payload: { table: table.name, ...input },
      },
      tx,
    );
    return {
      id: updated.id,
      name: updated.name,
      displayName: updated.displayName,
      description: updated.description,
      visible: updated.visible,
      hiddenByAdmin: updated.hiddenByAdmin,
      missingFromWarehouse: updated.missingFromWarehouse,
    };
  }, ADMIN_TRANSACTION_OPTIONS);
}

/**
 * Curates a synced column's name, semantic type and visibility. A hidden column leaves the
 * metadata pickers read; queries may still name it (column policies restrict access).
 */
export async function updateColumn(
  columnId: number,
  input: UpdateColumnInput,
  actorUserId: number,
) {
  const { prisma } = await getAppDatabase();
  return prisma.$transaction(async (tx) => {
    const column = await tx.syncedColumn.findUnique({
      where: { id: columnId },
      include: { table: { select: { name: true } } },
    });
    if (!column) throw new ApiError("column_not_found", 404, `There is no column ${columnId}.`);
    const updated = await tx.syncedColumn.update({
      where: { id: columnId },
      data: {
        displayName: input.displayName,
        semanticType: input.semanticType,
        visible: input.visible,
      },
    });
    await recordAuditEvent(
      {
        type: "metadata.changed",
        actorUserId,
        resourceType: "column",
        resourceId: columnId,
        payload: { table: column.table.name, column: column.name, ...input },
      },
      tx,
    );
    return {
      id: updated.id,
      name: updated.name,
      displayName: updated.displayName,
      semanticType: updated.semanticType,
      visible: updated.visible,
    };
  }, ADMIN_TRANSACTION_OPTIONS);
}
