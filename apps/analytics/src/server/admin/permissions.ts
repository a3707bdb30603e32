import "server-only";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getAppDatabase } from "../db/app-database";
import { clearResultCache } from "../execution/run-query";
import { ApiError } from "../http/api-error";
import { type Db, inTransaction, requirePolicyTarget, resolveDataSourceId } from "./lookups";

export const PermissionLevelSchema = z.enum(["none", "full", "sandboxed"]);

export const PutPermissionSchema = z
  .object({
    groupId: z.number().int().positive(),
    tableId: z.number().int().positive(),
    level: PermissionLevelSchema,
  })
  .strict();

/**
 * The group × table grid of one data source (the first when none is named): every non-admin
 * group's level on every synced table, `none` where nothing is stored. Admin-only groups are left
 * out: their members see everything anyway.
 */
export async function getPermissionGrid(requestedDataSourceId: number | null) {
  const { prisma } = await getAppDatabase();
  const dataSourceId = await resolveDataSourceId(prisma, requestedDataSourceId);
  const [tables, groups, permissions] = await Promise.all([
    prisma.syncedTable.findMany({
      where: { dataSourceId },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      select: { id: true, schema: true, name: true, displayName: true, visible: true },
    }),
    prisma.group.findMany({
      where: { isAdminGroup: false },
      orderBy: { name: "asc" },
      select: { id: true, name: true },
    }),
    prisma.tablePermission.findMany({
      where: { table: { dataSourceId } },
      select: { groupId: true, tableId: true, level: true },
    }),
  ]);
  const levels = new Map(permissions.map((p) => [`${p.groupId}:${p.tableId}`, p.level]));
  return {
    dataSourceId,
    tables,
    groups: groups.map((group) => ({
      ...group,
      permissions: tables.map((table) => ({
        tableId: table.id,
        level: levels.get(`${group.id}:${table.id}`) ?? "none",
      })),
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
