import "server-only";
import { isUniqueViolation, type Prisma } from "@embed/db";
import { introspectWarehouse, isQueryError, type WarehouseMetadata } from "@embed/query";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getAppDatabase } from "../db/app-database";
import { clearResultCache } from "../execution/run-query";
import { ApiError } from "../http/api-error";
import { logger } from "../logger";
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
 * A sync "running" for longer than this is one whose server stopped mid-way (a sync's own steps
 * are bounded by the timeouts above): it is shown as failed and a new one may start.
 */
export const SYNC_STALE_AFTER_MS = 30 * 60_000;

/**
 * Whether a table is offered to anyone: an administrator may hide it (presentation), and a sync
 * hides it while the warehouse lacks it. The one place `visible` is derived.
 */
export function isTableShown(table: { hiddenByAdmin: boolean; missingFromWarehouse: boolean }) {
  return !table.hiddenByAdmin && !table.missingFromWarehouse;
}

/**
 * Why a warehouse could not be introspected, in words that help and that never contain the URL or
 * the warehouse's own message (which may quote either).
 */
export function describeConnectionFailure(error: unknown): string {
  const cause = isQueryError(error) ? error.cause : error;
  const sqlState =
    typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : "";
  if (isQueryError(error) && error.code === "query_timeout") return "it did not answer in time";
  if (sqlState === "28P01" || sqlState === "28000") return "it refused the credentials";
  if (sqlState === "3D000") return "the database does not exist";
  if (sqlState === "42501") return "the user may not read its catalog";
  if (sqlState === "ENOTFOUND" || sqlState === "EAI_AGAIN") return "the host name does not resolve";
  if (sqlState === "ECONNREFUSED") return "nothing accepts connections at that host and port";
  return "the connection failed";
}

/** The message a client reads when a warehouse could not be read; never the URL. */
export function unreachableDataSource(error: unknown): ApiError {
  return new ApiError(
    "data_source_unreachable",
    400,
    `Could not read the data source: ${describeConnectionFailure(error)}. Check the host, port, database name and credentials of the URL.`,
    { cause: error, internalMessage: "data source introspection failed" },
  );
}

/** Runs one step of applying metadata: inside the caller's transaction, or in one of its own. */
export type RunStep = <T>(work: (tx: Db) => Promise<T>) => Promise<T>;

/**
 * Stores introspected metadata as SyncedTable/SyncedColumn rows, matching existing rows by name so
 * their ids — which permissions, row policies and column policies reference — never change.
 *
 * - A table that disappeared is hidden (`missingFromWarehouse`), never deleted: policies keep
 *   pointing at it, and come back into force if the table does. A table that reappears is shown
 *   again — unless an administrator hid it, a choice a sync never undoes.
 * - A column that disappeared is deleted (columns have no hidden state, and a query naming a
 *   missing column would fail for everyone); its row policies go with it, which leaves that
 *   sandbox with no rows — closed, never open.
 * - Names, descriptions, semantic types and visibility an administrator may have curated are
 *   kept; the database type, position and keys follow the warehouse (the semantic type too when
 *   the database type changed).
 *
 * `runStep` decides the atomicity: create passes its own transaction (all or nothing); a
 * background sync commits table by table so its progress can be read meanwhile — a sync that
 * fails half-way leaves each table consistent, and the next sync completes the rest.
 */
export async function applyWarehouseMetadata(
  runStep: RunStep,
  dataSourceId: number,
  metadata: WarehouseMetadata,
  onTableDone: (done: number) => Promise<void> = async () => undefined,
): Promise<SyncSummary> {
  const summary: SyncSummary = {
    tablesAdded: [],
    tablesHidden: [],
    tablesRestored: [],
    columnsAdded: 0,
    columnsChanged: 0,
    columnsRemoved: [],
  };
  const existing = await runStep((tx) =>
    tx.syncedTable.findMany({ where: { dataSourceId }, include: { columns: true } }),
  );
  const existingByKey = new Map(existing.map((table) => [`${table.schema}.${table.name}`, table]));
  const seen = new Set<number>();
  // Table name → its id and its columns' ids, for the foreign-key pass.
  const ids = new Map<string, { id: number; columns: Map<string, number> }>();
  const previousTarget = new Map<number, number | null>();

  for (const [tableIndex, table] of metadata.tables.entries()) {
    await runStep(async (tx) => {
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
      } else if (current.missingFromWarehouse) {
        const shown = { ...current, missingFromWarehouse: false };
        await tx.syncedTable.update({
          where: { id: current.id },
          data: { missingFromWarehouse: false, visible: isTableShown(shown) },
        });
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
        await tx.syncedColumn.deleteMany({
          where: { id: { in: gone.map((column) => column.id) } },
        });
        summary.columnsRemoved.push(...gone.map((column) => `${table.name}.${column.name}`));
      }
      ids.set(table.name, { id: current.id, columns: columnIds });
    });
    await onTableDone(tableIndex + 1);
  }

  await runStep(async (tx) => {
    for (const table of existing) {
      if (!seen.has(table.id) && !table.missingFromWarehouse) {
        await tx.syncedTable.update({
          where: { id: table.id },
          data: { missingFromWarehouse: true, visible: false },
        });
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
  });
  return summary;
}

type SyncState = {
  syncStatus: "idle" | "running" | "failed";
  syncTablesDone: number;
  syncTablesTotal: number;
  syncStartedAt: Date | null;
  syncFinishedAt: Date | null;
  syncError: string | null;
  syncSummary: Prisma.JsonValue;
};

/** The columns of a data source that `describeSync` reads. */
export const syncStateSelect = {
  syncStatus: true,
  syncTablesDone: true,
  syncTablesTotal: true,
  syncStartedAt: true,
  syncFinishedAt: true,
  syncError: true,
  syncSummary: true,
} as const;

const STALE_SYNC_ERROR = "The sync stopped without finishing (the server may have restarted).";

function isStale(state: Pick<SyncState, "syncStatus" | "syncStartedAt">, now = Date.now()) {
  return (
    state.syncStatus === "running" &&
    (state.syncStartedAt === null || now - state.syncStartedAt.getTime() > SYNC_STALE_AFTER_MS)
  );
}

/** A data source's latest sync as the API and the console show it; a stale "running" is failed. */
export function describeSync(state: SyncState) {
  const stale = isStale(state);
  return {
    status: stale ? ("failed" as const) : state.syncStatus,
    tablesDone: state.syncTablesDone,
    tablesTotal: state.syncTablesTotal,
    startedAt: state.syncStartedAt,
    finishedAt: state.syncFinishedAt,
    error: stale ? STALE_SYNC_ERROR : state.syncError,
    summary: (state.syncSummary ?? null) as SyncSummary | null,
  };
}

/**
 * Marks the data source's sync as running, unless one already is (409 `sync_in_progress`). One
 * conditional update, so two admins clicking at once cannot both start one.
 */
async function claimSync(dataSourceId: number) {
  const { prisma } = await getAppDatabase();
  const source = await requireDataSource(prisma, dataSourceId);
  const staleBefore = new Date(Date.now() - SYNC_STALE_AFTER_MS);
  const claimed = await prisma.dataSource.updateMany({
    where: {
      id: dataSourceId,
      OR: [
        { syncStatus: { not: "running" } },
        { syncStartedAt: null },
        { syncStartedAt: { lt: staleBefore } },
      ],
    },
    data: {
      syncStatus: "running",
      syncStartedAt: new Date(),
      syncFinishedAt: null,
      syncTablesDone: 0,
      syncTablesTotal: 0,
      syncError: null,
    },
  });
  if (claimed.count === 0) {
    throw new ApiError(
      "sync_in_progress",
      409,
      `A sync of "${source.name}" is already running; wait for it to finish.`,
    );
  }
  return source;
}

/** What a failed sync answers and keeps on the data source: the API's own words, never the URL. */
function syncFailure(error: unknown): { error: unknown; message: string } {
  if (isUniqueViolation(error)) {
    const conflict = new ApiError("conflict", 409, "Another sync of this data source ran at once.");
    return { error: conflict, message: conflict.publicMessage };
  }
  if (isQueryError(error)) {
    const unreachable = unreachableDataSource(error);
    return { error: unreachable, message: unreachable.publicMessage };
  }
  if (error instanceof ApiError) return { error, message: error.publicMessage };
  return { error, message: "The sync failed; the server log has the details." };
}

async function runSync(dataSourceId: number, name: string, actorUserId: number) {
  const { prisma } = await getAppDatabase();
  try {
    // Introspection talks to the warehouse: outside any app-database transaction.
    const { driver } = await getWarehouse(dataSourceId, null);
    const metadata = await introspectWarehouse(driver, { timeoutMs: INTROSPECTION_TIMEOUT_MS });
    await prisma.dataSource.update({
      where: { id: dataSourceId },
      data: { syncTablesTotal: metadata.tables.length },
    });
    const summary = await applyWarehouseMetadata(
      (work) => prisma.$transaction(work, ADMIN_TRANSACTION_OPTIONS),
      dataSourceId,
      metadata,
      async (done) => {
        await prisma.dataSource.update({
          where: { id: dataSourceId },
          data: { syncTablesDone: done },
        });
      },
    );
    return await prisma.$transaction(async (tx) => {
      const updated = await tx.dataSource.update({
        where: { id: dataSourceId },
        data: {
          syncedAt: new Date(),
          syncStatus: "idle",
          syncFinishedAt: new Date(),
          syncSummary: { ...summary },
        },
      });
      await recordAuditEvent(
        {
          type: "data_source.synced",
          actorUserId,
          resourceType: "data_source",
          resourceId: dataSourceId,
          payload: { name, tables: metadata.tables.length, ...summary },
        },
        tx,
      );
      return { id: dataSourceId, name, syncedAt: updated.syncedAt, summary };
    }, ADMIN_TRANSACTION_OPTIONS);
  } catch (error) {
    const failure = syncFailure(error);
    const message = failure.message;
    // The warehouse's own error text may quote the URL: only its code goes to the log.
    const cause = isQueryError(error) ? error.cause : error;
    logger.warn("data source sync failed", {
      dataSourceId,
      reason: message,
      code:
        typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : null,
    });
    await prisma.dataSource
      .update({
        where: { id: dataSourceId },
        data: { syncStatus: "failed", syncFinishedAt: new Date(), syncError: message },
      })
      .catch(() => undefined);
    await prisma
      .$transaction((tx) =>
        recordAuditEvent(
          {
            type: "data_source.sync_failed",
            actorUserId,
            resourceType: "data_source",
            resourceId: dataSourceId,
            payload: { name, reason: message },
          },
          tx,
        ),
      )
      .catch(() => undefined);
    throw failure.error;
  } finally {
    // The metadata cache needs nothing: the sync's writes raised the configuration version.
    clearResultCache();
  }
}

/**
 * Re-reads a data source's schema from the warehouse and stores it (see `applyWarehouseMetadata`),
 * then drops cached results so the next query sees the new shape. Waits for the end: for scripts
 * and `?wait=true`; the console starts one with `startDataSourceSync` and polls.
 */
export async function syncDataSource(dataSourceId: number, actorUserId: number) {
  const source = await claimSync(dataSourceId);
  return runSync(dataSourceId, source.name, actorUserId);
}

/**
 * Starts a sync in the background and answers at once with its state; progress is recorded on
 * the data source (`describeSync`). 409 `sync_in_progress` while another runs.
 */
export async function startDataSourceSync(dataSourceId: number, actorUserId: number) {
  const source = await claimSync(dataSourceId);
  // Its failure is recorded on the data source and logged; nobody awaits it.
  runSync(dataSourceId, source.name, actorUserId).catch(() => undefined);
  const { prisma } = await getAppDatabase();
  const state = await prisma.dataSource.findUniqueOrThrow({
    where: { id: dataSourceId },
    select: syncStateSelect,
  });
  return { id: dataSourceId, name: source.name, sync: describeSync(state) };
}
