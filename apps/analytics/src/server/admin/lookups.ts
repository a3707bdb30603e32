import "server-only";
import type { ErrorCode } from "@embed/contracts";
import type { Prisma } from "@embed/db";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { parseId } from "../http/parse-id";

/** A Prisma client or the transaction client of `$transaction`: readers work inside and outside. */
export type Db = Prisma.TransactionClient;

/** Long enough for the embedded (PGlite) app database, which is single-threaded and cold at first. */
export const ADMIN_TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 60_000 } as const;

/**
 * Runs `work` inside the caller's transaction when one is given (the config import writes
 * everything in one), else in a transaction of its own.
 */
export async function inTransaction<T>(tx: Db | undefined, work: (tx: Db) => Promise<T>) {
  if (tx) return work(tx);
  const { prisma } = await getAppDatabase();
  return prisma.$transaction(work, ADMIN_TRANSACTION_OPTIONS);
}

/**
 * The one admin-only rule: an admin-only group is granted by an administrator only; it never
 * gets data policies (its members see everything), SSO mappings or configuration. 400.
 */
export function refuseAdminOnlyGroup(group: { name: string; isAdminGroup: boolean }, why: string) {
  if (group.isAdminGroup) {
    throw new ApiError("group_is_admin_only", 400, `"${group.name}" is admin-only: ${why}`);
  }
}

/** A group by id: 404 when it does not exist. */
export async function requireGroup(db: Db, groupId: number) {
  const group = await db.group.findUnique({ where: { id: groupId } });
  if (!group) throw new ApiError("group_not_found", 404, `There is no group ${groupId}.`);
  return group;
}

/** A user by id: 404 when there is none. */
export async function requireUser(db: Db, userId: number) {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new ApiError("user_not_found", 404, `There is no user ${userId}.`);
  return user;
}

/**
 * A group an administrator may give data access to: 404 when it does not exist, 400 when it is
 * admin-only (its members are administrators and see everything already).
 */
export async function requirePolicyGroup(db: Db, groupId: number) {
  const group = await requireGroup(db, groupId);
  refuseAdminOnlyGroup(
    group,
    "its members are administrators and see every table in full already.",
  );
  return group;
}

/** The group and table a permission or policy is about: both must exist, the group not admin-only. */
export async function requirePolicyTarget(db: Db, input: { groupId: number; tableId: number }) {
  const group = await requirePolicyGroup(db, input.groupId);
  return { group, table: await requireTable(db, input.tableId) };
}

export async function requireDataSource(db: Db, dataSourceId: number) {
  const source = await db.dataSource.findUnique({ where: { id: dataSourceId } });
  if (!source) {
    throw new ApiError("data_source_not_found", 404, `There is no data source ${dataSourceId}.`);
  }
  return source;
}

/** A synced table (hidden ones too: policies may name a table that is missing for a while). */
export async function requireTable(db: Db, tableId: number) {
  const table = await db.syncedTable.findUnique({
    where: { id: tableId },
    include: { columns: { orderBy: { position: "asc" } } },
  });
  if (!table) throw new ApiError("table_not_found", 404, `There is no synced table ${tableId}.`);
  return table;
}

export async function requireCollection(db: Db, collectionId: number) {
  const collection = await db.collection.findUnique({ where: { id: collectionId } });
  if (!collection) {
    throw new ApiError("collection_not_found", 404, `There is no collection ${collectionId}.`);
  }
  return collection;
}

/** A required numeric query-string parameter (`?groupId=3`): 400 when absent, 404 when malformed. */
export function idParam(query: URLSearchParams, name: string, notFound: ErrorCode): number {
  const value = query.get(name);
  if (value === null || value === "") {
    throw new ApiError("bad_request", 400, `The query parameter "${name}" is required.`);
  }
  return parseId(value, notFound);
}

/** An optional numeric query-string parameter. */
export function optionalIdParam(
  query: URLSearchParams,
  name: string,
  notFound: ErrorCode,
): number | null {
  const value = query.get(name);
  return value === null || value === "" ? null : parseId(value, notFound);
}

/** The data source a listing is about: the one asked for, or the first one. */
export async function resolveDataSourceId(db: Db, requested: number | null): Promise<number> {
  if (requested !== null) return (await requireDataSource(db, requested)).id;
  const first = await db.dataSource.findFirst({ orderBy: { id: "asc" }, select: { id: true } });
  if (!first) throw new ApiError("data_source_not_found", 404, "There is no data source yet.");
  return first.id;
}
