import "server-only";
import { placeholderNames } from "@embed/query";
import type { z } from "zod";
import type {
  NativeGrantSchema,
  PreviewSqlViewSchema,
  PutColumnPolicySchema,
  PutRowPolicySchema,
} from "~/shared/admin-schemas/policies";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getAppDatabase } from "../db/app-database";
import { clearResultCache } from "../execution/run-query";
import { ApiError } from "../http/api-error";
import { checkSqlView, previewSqlView } from "./check-sql-view";
import {
  type Db,
  inTransaction,
  requireDataSource,
  requirePolicyGroup,
  requirePolicyTarget,
  requireTable,
  resolveDataSourceId,
} from "./lookups";

/** Row policies, column policies and native grants of one data source (the first by default). */
export async function listPolicies(requestedDataSourceId: number | null) {
  const { prisma } = await getAppDatabase();
  const dataSourceId = await resolveDataSourceId(prisma, requestedDataSourceId);
  const where = { table: { dataSourceId } };
  const [rowPolicies, columnPolicies, nativeGrants] = await Promise.all([
    prisma.rowPolicy.findMany({
      where,
      orderBy: { id: "asc" },
      select: {
        id: true,
        kind: true,
        attributeName: true,
        sql: true,
        group: { select: { id: true, name: true } },
        table: { select: { id: true, name: true } },
        column: { select: { id: true, name: true } },
        updatedAt: true,
      },
    }),
    prisma.columnPolicy.findMany({
      where,
      orderBy: { id: "asc" },
      select: {
        id: true,
        group: { select: { id: true, name: true } },
        table: { select: { id: true, name: true } },
        visibleColumns: {
          orderBy: { column: { position: "asc" } },
          select: { column: { select: { id: true, name: true } } },
        },
        updatedAt: true,
      },
    }),
    listNativeGrants(dataSourceId),
  ]);
  return {
    dataSourceId,
    rowPolicies,
    columnPolicies: columnPolicies.map(({ visibleColumns, ...policy }) => ({
      ...policy,
      visibleColumns: visibleColumns.map((entry) => entry.column),
    })),
    nativeGrants,
  };
}

/** What a row policy is, as the admin API and the console answer it. */
export const ROW_POLICY_FIELDS = {
  groupId: true,
  tableId: true,
  kind: true,
  columnId: true,
  attributeName: true,
  sql: true,
} as const;

/**
 * The caller's transaction (the config import's). A SQL view is tried against the warehouse
 * before any transaction opens, so the caller says it did that (`checkSqlView`) already.
 */
export interface RowPolicyTransaction {
  tx: Db;
  sqlViewChecked: true;
}

/**
 * Sets a group's row policy on a table: `column = {{attribute}}`, or a SQL view with
 * `{{attribute}}` placeholders (checked by compiling and trying it, see `checkSqlView`).
 */
export async function setRowPolicy(
  input: z.infer<typeof PutRowPolicySchema>,
  actorUserId: number,
  within?: RowPolicyTransaction,
) {
  const reader = within?.tx ?? (await getAppDatabase()).prisma;
  const { group, table } = await requirePolicyTarget(reader, input);
  let fields: { columnId: number | null; attributeName: string | null; sql: string | null };
  let column: string | null = null;
  if (input.kind === "column_attribute") {
    const found = table.columns.find((candidate) => candidate.id === input.columnId);
    if (!found) {
      throw new ApiError(
        "column_not_found",
        404,
        `Table "${table.name}" has no column ${input.columnId}.`,
      );
    }
    column = found.name;
    fields = { columnId: found.id, attributeName: input.attributeName, sql: null };
  } else {
    // Talks to the warehouse: before the transaction, which stays short.
    if (!within?.sqlViewChecked) await checkSqlView(table.dataSourceId, table, input.sql);
    fields = { columnId: null, attributeName: null, sql: input.sql };
  }
  const policy = await inTransaction(within?.tx, async (tx) => {
    const saved = await tx.rowPolicy.upsert({
      where: { groupId_tableId: { groupId: group.id, tableId: table.id } },
      create: { groupId: group.id, tableId: table.id, kind: input.kind, ...fields },
      update: { kind: input.kind, ...fields },
      select: { id: true, ...ROW_POLICY_FIELDS },
    });
    await recordAuditEvent(
      {
        type: "row_policy.changed",
        actorUserId,
        resourceType: "row_policy",
        resourceId: saved.id,
        payload: {
          action: "set",
          group: group.name,
          table: table.name,
          kind: input.kind,
          column,
          attributeName: fields.attributeName,
          sql: fields.sql,
        },
      },
      tx,
    );
    return saved;
  });
  clearResultCache();
  const named = fields.attributeName ? [fields.attributeName] : placeholderNames(fields.sql ?? "");
  // The caller's transaction when there is one: PGlite has one connection, another would wait.
  const known = new Set(await knownAttributeNames(within?.tx));
  // Saved all the same: attributes arrive in tokens, a new one may not have been seen yet.
  return { ...policy, attributesNotSeen: named.filter((name) => !known.has(name)) };
}

/**
 * The attribute names this instance has seen: on users (from their SSO tokens) and in attribute
 * → group mappings. The console offers them when a policy names an attribute, and a policy naming
 * another one is saved with a warning (its viewers get no rows until their tokens carry it).
 */
export async function knownAttributeNames(db?: Db): Promise<string[]> {
  const reader = db ?? (await getAppDatabase()).prisma;
  const [onUsers, mappings] = await Promise.all([
    reader.$queryRaw<Array<{ name: string }>>`
      SELECT DISTINCT jsonb_object_keys("attributes"::jsonb) AS name
      FROM "users" WHERE jsonb_typeof("attributes"::jsonb) = 'object'`,
    reader.groupMapping.findMany({ distinct: ["attribute"], select: { attribute: true } }),
  ]);
  const names = new Set([
    ...onUsers.map((row) => row.name),
    ...mappings.map((mapping) => mapping.attribute),
  ]);
  return [...names].sort((a, b) => a.localeCompare(b));
}

/** Runs a SQL view not yet saved for the attribute values typed (see `previewSqlView`). */
export async function previewRowPolicyView(input: z.infer<typeof PreviewSqlViewSchema>) {
  const { prisma } = await getAppDatabase();
  const table = await requireTable(prisma, input.tableId);
  return previewSqlView(table.dataSourceId, table, input.sql, input.attributes);
}

/** Removes a row policy; a `sandboxed` table without one shows no rows (closed by default). */
export function deleteRowPolicy(groupId: number, tableId: number, actorUserId: number, db?: Db) {
  return deletePolicy("row", groupId, tableId, actorUserId, db);
}

/**
 * Sets the columns of a table a group may see; every other column is absent from their results,
 * metadata and exports (and a column synced later stays hidden until added here).
 */
export async function setColumnPolicy(
  input: z.infer<typeof PutColumnPolicySchema>,
  actorUserId: number,
  db?: Db,
) {
  const result = await inTransaction(db, async (tx) => {
    const { group, table } = await requirePolicyTarget(tx, input);
    const byId = new Map(table.columns.map((column) => [column.id, column]));
    const visible = [...new Set(input.visibleColumnIds)];
    for (const id of visible) {
      if (!byId.has(id)) {
        throw new ApiError("column_not_found", 404, `Table "${table.name}" has no column ${id}.`);
      }
    }
    const policy = await tx.columnPolicy.upsert({
      where: { groupId_tableId: { groupId: group.id, tableId: table.id } },
      create: { groupId: group.id, tableId: table.id },
      update: {},
      select: { id: true },
    });
    await tx.columnPolicyColumn.deleteMany({ where: { policyId: policy.id } });
    if (visible.length > 0) {
      await tx.columnPolicyColumn.createMany({
        data: visible.map((columnId) => ({ policyId: policy.id, columnId })),
      });
    }
    const names = table.columns.filter((c) => visible.includes(c.id)).map((c) => c.name);
    await recordAuditEvent(
      {
        type: "column_policy.changed",
        actorUserId,
        resourceType: "column_policy",
        resourceId: policy.id,
        payload: { action: "set", group: group.name, table: table.name, visibleColumns: names },
      },
      tx,
    );
    return {
      id: policy.id,
      groupId: group.id,
      tableId: table.id,
      visibleColumns: table.columns
        .filter((column) => visible.includes(column.id))
        .map((column) => ({ id: column.id, name: column.name })),
    };
  });
  clearResultCache();
  return result;
}

/** Removes a column policy: the group sees every column of the table again. */
export function deleteColumnPolicy(groupId: number, tableId: number, actorUserId: number, db?: Db) {
  return deletePolicy("column", groupId, tableId, actorUserId, db);
}

/** Removes a group's row or column policy on a table, and audits it. */
async function deletePolicy(
  kind: "row" | "column",
  groupId: number,
  tableId: number,
  actorUserId: number,
  db?: Db,
) {
  await inTransaction(db, async (tx) => {
    const where = { groupId_tableId: { groupId, tableId } };
    const include = { group: { select: { name: true } }, table: { select: { name: true } } };
    const policy =
      kind === "row"
        ? await tx.rowPolicy.findUnique({ where, include })
        : await tx.columnPolicy.findUnique({ where, include });
    if (!policy) {
      throw new ApiError(
        "policy_not_found",
        404,
        `Group ${groupId} has no ${kind} policy on table ${tableId}.`,
      );
    }
    if (kind === "row") await tx.rowPolicy.delete({ where: { id: policy.id } });
    else await tx.columnPolicy.delete({ where: { id: policy.id } });
    await recordAuditEvent(
      {
        type: `${kind}_policy.changed`,
        actorUserId,
        resourceType: `${kind}_policy`,
        resourceId: policy.id,
        payload: { action: "deleted", group: policy.group.name, table: policy.table.name },
      },
      tx,
    );
  });
  clearResultCache();
}

export async function listNativeGrants(dataSourceId?: number) {
  const { prisma } = await getAppDatabase();
  return prisma.nativeQueryGrant.findMany({
    where: dataSourceId === undefined ? {} : { dataSourceId },
    orderBy: [{ dataSourceId: "asc" }, { groupId: "asc" }],
    select: {
      group: { select: { id: true, name: true } },
      dataSource: { select: { id: true, name: true } },
      createdAt: true,
    },
  });
}

/**
 * Lets a group run native SQL on a data source (idempotent). It takes effect only while the
 * member's groups have full access to every table of the source (`mayRunNativeSql`, checked at
 * each use): neither a sandbox nor a missing permission can be enforced inside arbitrary SQL.
 */
export async function grantNativeQueries(
  input: z.infer<typeof NativeGrantSchema>,
  actorUserId: number,
  db?: Db,
) {
  const result = await inTransaction(db, async (tx) => {
    const group = await requirePolicyGroup(tx, input.groupId);
    const source = await requireDataSource(tx, input.dataSourceId);
    const key = { groupId_dataSourceId: { groupId: group.id, dataSourceId: source.id } };
    const existing = await tx.nativeQueryGrant.findUnique({ where: key });
    if (!existing) {
      await tx.nativeQueryGrant.create({ data: { groupId: group.id, dataSourceId: source.id } });
      await recordAuditEvent(
        {
          type: "native_grant.changed",
          actorUserId,
          resourceType: "native_grant",
          resourceId: `${group.id}:${source.id}`,
          payload: { action: "granted", group: group.name, dataSource: source.name },
        },
        tx,
      );
    }
    return { groupId: group.id, dataSourceId: source.id, created: !existing };
  });
  clearResultCache();
  return result;
}

export async function revokeNativeQueries(
  input: z.infer<typeof NativeGrantSchema>,
  actorUserId: number,
  db?: Db,
) {
  await inTransaction(db, async (tx) => {
    const grant = await tx.nativeQueryGrant.findUnique({
      where: {
        groupId_dataSourceId: { groupId: input.groupId, dataSourceId: input.dataSourceId },
      },
      include: { group: { select: { name: true } }, dataSource: { select: { name: true } } },
    });
    if (!grant) {
      throw new ApiError(
        "policy_not_found",
        404,
        `Group ${input.groupId} has no native SQL grant on data source ${input.dataSourceId}.`,
      );
    }
    await tx.nativeQueryGrant.delete({
      where: {
        groupId_dataSourceId: { groupId: input.groupId, dataSourceId: input.dataSourceId },
      },
    });
    await recordAuditEvent(
      {
        type: "native_grant.changed",
        actorUserId,
        resourceType: "native_grant",
        resourceId: `${input.groupId}:${input.dataSourceId}`,
        payload: { action: "revoked", group: grant.group.name, dataSource: grant.dataSource.name },
      },
      tx,
    );
  });
  clearResultCache();
}
