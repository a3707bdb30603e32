import "server-only";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getAppDatabase } from "../db/app-database";
import { clearResultCache } from "../execution/run-query";
import { requirePolicyGroup, requireTable, resolveDataSourceId } from "./lookups";

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
) {
  const { prisma } = await getAppDatabase();
  const result = await prisma.$transaction(async (tx) => {
    const group = await requirePolicyGroup(tx, input.groupId);
    const table = await requireTable(tx, input.tableId);
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
