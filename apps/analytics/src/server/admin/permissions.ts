import "server-only";
import type { z } from "zod";
import type { PutPermissionSchema } from "~/shared/admin-schemas/policies";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getAppDatabase } from "../db/app-database";
import { clearResultCache } from "../execution/run-query";
import { ApiError } from "../http/api-error";
import { type Db, inTransaction, requirePolicyTarget, resolveDataSourceId } from "./lookups";
import { ROW_POLICY_FIELDS } from "./policies";

/**
 * What a cell lets its group read, said plainly where the admin should look twice. The rules are
 * `getEffectivePolicy`'s: `full` is every row; `sandboxed` without a row policy is no rows (closed).
 */
export function cellWarning(level: string, hasRowPolicy: boolean) {
  if (level === "full") {
    return { kind: "every_row", message: "Full access: this group reads every row." } as const;
  }
  if (level === "sandboxed" && !hasRowPolicy) {
    return {
      kind: "no_rows",
      message: "No row policy: this group gets no rows until one is set.",
    } as const;
  }
  return null;
}

/**
 * The group × table grid of one data source (the first when none is named): every non-admin
 * group's level on every synced table (`none` where nothing is stored), with its row policy,
 * column policy and a warning where the cell is open (`full`) or closed (sandboxed, no policy).
 * Admin-only groups are listed apart: their members see everything and they take no policies.
 */
export async function getPermissionGrid(requestedDataSourceId: number | null) {
  const { prisma } = await getAppDatabase();
  const dataSourceId = await resolveDataSourceId(prisma, requestedDataSourceId);
  const onSource = { table: { dataSourceId } };
  const [tables, groups, permissions, rowPolicies, columnPolicies] = await Promise.all([
    prisma.syncedTable.findMany({
      where: { dataSourceId },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      select: {
        id: true,
        schema: true,
        name: true,
        displayName: true,
        visible: true,
        columns: { orderBy: { position: "asc" }, select: { id: true, name: true } },
      },
    }),
    prisma.group.findMany({
      orderBy: { name: "asc" },
      select: { id: true, name: true, isAdminGroup: true },
    }),
    prisma.tablePermission.findMany({
      where: onSource,
      select: { groupId: true, tableId: true, level: true },
    }),
    prisma.rowPolicy.findMany({
      where: onSource,
      select: { ...ROW_POLICY_FIELDS, column: { select: { name: true } } },
    }),
    prisma.columnPolicy.findMany({
      where: onSource,
      select: { groupId: true, tableId: true, visibleColumns: { select: { columnId: true } } },
    }),
  ]);
  const key = (groupId: number, tableId: number) => `${groupId}:${tableId}`;
  const levels = new Map(permissions.map((p) => [key(p.groupId, p.tableId), p.level]));
  const rowPolicyOf = new Map(rowPolicies.map((p) => [key(p.groupId, p.tableId), p]));
  const columnPolicyOf = new Map(columnPolicies.map((p) => [key(p.groupId, p.tableId), p]));
  return {
    dataSourceId,
    tables,
    adminGroups: groups.filter((group) => group.isAdminGroup).map(({ id, name }) => ({ id, name })),
    groups: groups
      .filter((group) => !group.isAdminGroup)
      .map(({ id, name }) => ({
        id,
        name,
        permissions: tables.map((table) => {
          const level = levels.get(key(id, table.id)) ?? "none";
          const rowPolicy = rowPolicyOf.get(key(id, table.id));
          const columnPolicy = columnPolicyOf.get(key(id, table.id));
          return {
            tableId: table.id,
            level,
            rowPolicy: rowPolicy
              ? {
                  kind: rowPolicy.kind,
                  columnId: rowPolicy.columnId,
                  columnName: rowPolicy.column?.name ?? null,
                  attributeName: rowPolicy.attributeName,
                  sql: rowPolicy.sql,
                }
              : null,
            visibleColumnIds: columnPolicy
              ? columnPolicy.visibleColumns.map((entry) => entry.columnId)
              : null,
            warning: cellWarning(level, rowPolicy !== undefined),
          };
        }),
      })),
  };
}

/**
 * Sets a group's access to a table. `sandboxed` without a row policy means no rows until one is
 * set (closed by default). Takes effect on each member's next request: policies are read per
 * request, and cached results are dropped.
 */
export async function setTablePermission(
  input: z.infer<typeof PutPermissionSchema>,
  actorUserId: number,
  db?: Db,
) {
  const result = await inTransaction(db, async (tx) => {
    const { group, table } = await requirePolicyTarget(tx, input);
    const previous = await tx.tablePermission.findUnique({
      where: { groupId_tableId: { groupId: group.id, tableId: table.id } },
    });
    const permission = await tx.tablePermission.upsert({
      where: { groupId_tableId: { groupId: group.id, tableId: table.id } },
      create: { groupId: group.id, tableId: table.id, level: input.level },
      update: { level: input.level },
      select: { groupId: true, tableId: true, level: true },
    });
    await recordAuditEvent(
      {
        type: "permission.changed",
        actorUserId,
        resourceType: "table_permission",
        resourceId: `${group.id}:${table.id}`,
        payload: {
          group: group.name,
          table: table.name,
          dataSourceId: table.dataSourceId,
          level: input.level,
          previousLevel: previous?.level ?? "none",
        },
      },
      tx,
    );
    return permission;
  });
  clearResultCache();
  return result;
}

/** Removes a group's stored level on a table: it falls back to `none` (the config import's diff). */
export async function deleteTablePermission(
  groupId: number,
  tableId: number,
  actorUserId: number,
  db?: Db,
) {
  await inTransaction(db, async (tx) => {
    const where = { groupId_tableId: { groupId, tableId } };
    const permission = await tx.tablePermission.findUnique({
      where,
      include: { group: { select: { name: true } }, table: true },
    });
    if (!permission) {
      throw new ApiError(
        "policy_not_found",
        404,
        `Group ${groupId} has no permission on table ${tableId}.`,
      );
    }
    await tx.tablePermission.delete({ where });
    await recordAuditEvent(
      {
        type: "permission.changed",
        actorUserId,
        resourceType: "table_permission",
        resourceId: `${groupId}:${tableId}`,
        payload: {
          group: permission.group.name,
          table: permission.table.name,
          dataSourceId: permission.table.dataSourceId,
          level: "none",
          previousLevel: permission.level,
        },
      },
      tx,
    );
  });
  clearResultCache();
}
