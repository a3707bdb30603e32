import "server-only";
import { isUniqueViolation } from "@embed/db";
import { introspectWarehouse, type WarehouseMetadata } from "@embed/query";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getAppDatabase } from "../db/app-database";
import { clearResultCache } from "../execution/run-query";
import { ApiError } from "../http/api-error";
import { getWarehouse } from "../warehouse/warehouses";
import { ADMIN_TRANSACTION_OPTIONS, type Db, requireDataSource } from "./lookups";

/** What a sync changed, for the answer and the audit trail. */
export interface SyncSummary {
  tablesAdded: string[];
  tablesHidden: string[];
  tablesRestored: string[];
  columnsAdded: number;
  columnsChanged: number;
  /** `table.column`: gone from the warehouse. Their row policies went with them (no rows). */
  columnsRemoved: string[];
}

/** Catalog queries on a large warehouse can be slow; a sync is an administrator's explicit act. */
const INTROSPECTION_TIMEOUT_MS = 60_000;

/**
 * Stores introspected metadata as SyncedTable/SyncedColumn rows, matching existing rows by name so
 * their ids — which permissions, row policies and column policies reference — never change.
 *
 * - A table that disappeared is hidden (`visible = false`), never deleted: policies keep pointing
 *   at it, and come back into force if the table does. A hidden table that reappears is shown.
 * - A column that disappeared is deleted (columns have no hidden state, and a query naming a
 *   missing column would fail for everyone); its row policies go with it, which leaves that
 *   sandbox with no rows — closed, never open.
 * - Names and semantic types an administrator may have curated are kept; the database type,
 *   position and keys follow the warehouse (the semantic type too when the database type changed).
 */
export async function applyWarehouseMetadata(
  tx: Db,
  dataSourceId: number,
  metadata: WarehouseMetadata,
): Promise<SyncSummary> {
  const summary: SyncSummary = {
    tablesAdded: [],
    tablesHidden: [],
    tablesRestored: [],
    columnsAdded: 0,
    columnsChanged: 0,
    columnsRemoved: [],
  };
  const existing = await tx.syncedTable.findMany({
    where: { dataSourceId },
    include: { columns: true },
  });
  const existingByKey = new Map(existing.map((table) => [`${table.schema}.${table.name}`, table]));
  const seen = new Set<number>();
  // Table name → its id and its columns' ids, for the foreign-key pass.
  const ids = new Map<string, { id: number; columns: Map<string, number> }>();
  const previousTarget = new Map<number, number | null>();

  for (const table of metadata.tables) {
    let current = existingByKey.get(`${table.schema}.${table.name}`);
    if (!current) {
      current = await tx.syncedTable.create({
        data: {
          dataSourceId,
          schema: table.schema,
          name: table.name,
          displayName: table.displayName,
        },
        include: { columns: true },
      });
      summary.tablesAdded.push(table.name);
    } else if (!current.visible) {
      await tx.syncedTable.update({ where: { id: current.id }, data: { visible: true } });
      summary.tablesRestored.push(table.name);
    }
    seen.add(current.id);

    const columnsByName = new Map(current.columns.map((column) => [column.name, column]));
    const columnIds = new Map<string, number>();
    for (const [position, column] of table.columns.entries()) {
      const isPrimaryKey = column.primaryKey === true;
      const old = columnsByName.get(column.name);
      if (!old) {
        const created = await tx.syncedColumn.create({
          data: {
            tableId: current.id,
            name: column.name,
            displayName: column.displayName,
            databaseType: column.databaseType,
            semanticType: column.semanticType,
            position,
            isPrimaryKey,
          },
        });
        columnIds.set(column.name, created.id);
        previousTarget.set(created.id, null);
        summary.columnsAdded += 1;
        continue;
      }
      columnIds.set(column.name, old.id);
      previousTarget.set(old.id, old.foreignKeyTargetId);
      const typeChanged = old.databaseType !== column.databaseType;
      if (typeChanged || old.position !== position || old.isPrimaryKey !== isPrimaryKey) {
        await tx.syncedColumn.update({
          where: { id: old.id },
          data: {
            databaseType: column.databaseType,
            position,
            isPrimaryKey,
            ...(typeChanged ? { semanticType: column.semanticType } : {}),
          },
        });
        summary.columnsChanged += 1;
      }
    }
    const gone = current.columns.filter((column) => !columnIds.has(column.name));
    if (gone.length > 0) {
      await tx.syncedColumn.deleteMany({ where: { id: { in: gone.map((column) => column.id) } } });
      summary.columnsRemoved.push(...gone.map((column) => `${table.name}.${column.name}`));
    }
    ids.set(table.name, { id: current.id, columns: columnIds });
  }

  for (const table of existing) {
    if (!seen.has(table.id) && table.visible) {
      await tx.syncedTable.update({ where: { id: table.id }, data: { visible: false } });
      summary.tablesHidden.push(table.name);
    }
  }

  // Foreign keys last: their target may be a table created further down the list.
  for (const table of metadata.tables) {
    const columnIds = ids.get(table.name)?.columns;
    for (const column of table.columns) {
      const id = columnIds?.get(column.name);
      if (id === undefined) continue;
      const target = column.foreignKey
        ? (ids.get(column.foreignKey.table)?.columns.get(column.foreignKey.column) ?? null)
        : null;
      if (previousTarget.get(id) !== target) {
        await tx.syncedColumn.update({ where: { id }, data: { foreignKeyTargetId: target } });
      }
    }
  }
  return summary;
}

/**
 * Re-reads a data source's schema from the warehouse and stores it (see `applyWarehouseMetadata`),
 * then drops cached metadata and results so the next query sees the new shape.
 */
export async function syncDataSource(dataSourceId: number, actorUserId: number) {
  const { prisma } = await getAppDatabase();
  const source = await requireDataSource(prisma, dataSourceId);
  // Introspection talks to the warehouse: outside the app-database transaction, which stays short.
  const { driver } = await getWarehouse(dataSourceId, null);
  const metadata = await introspectWarehouse(driver, { timeoutMs: INTROSPECTION_TIMEOUT_MS });
  try {
    const result = await prisma.$transaction(async (tx) => {
      const summary = await applyWarehouseMetadata(tx, dataSourceId, metadata);
      const updated = await tx.dataSource.update({
        where: { id: dataSourceId },
        data: { syncedAt: new Date() },
      });
      await recordAuditEvent(
        {
          type: "data_source.synced",
          actorUserId,
          resourceType: "data_source",
          resourceId: dataSourceId,
          payload: { name: source.name, tables: metadata.tables.length, ...summary },
        },
        tx,
      );
      return { syncedAt: updated.syncedAt, summary };
    }, ADMIN_TRANSACTION_OPTIONS);
    return { id: dataSourceId, name: source.name, ...result };
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ApiError("conflict", 409, "Another sync of this data source ran at the same time.");
    }
    throw error;
  } finally {
    // The metadata cache needs nothing: the sync's writes raised the configuration version.
    clearResultCache();
  }
}
