import "server-only";
import {
  type AttributeValue,
  type DataPolicy,
  mergeGroupPolicies,
  type RowFilter,
  type TableAccess,
} from "@embed/query";
import { sharedConfigCache } from "../cache/config-cache";
import { valueKey } from "../cache/value-key";
import { getAppDatabase } from "../db/app-database";

/** Whose policy: a signed-in user, or the attribute set an admin previews ("view as"). */
export interface PolicySubject {
  isAdmin: boolean;
  groupIds: number[];
  attributes: Record<string, unknown>;
  /** The configuration version the request read; null reads the database (no cache). */
  configVersion: string | null;
}

function attributeValue(attributes: Record<string, unknown>, name: string): AttributeValue {
  const value = attributes[name];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    return value.filter((item) =>
      ["string", "number", "boolean"].includes(typeof item),
    ) as AttributeValue;
  }
  return ["string", "number", "boolean"].includes(typeof value)
    ? (value as AttributeValue)
    : undefined;
}

/** A cache key for a set of groups: the same groups in any order, or repeated, give one key. */
export function groupSetKey(groupIds: number[]): string {
  return [...new Set(groupIds)].sort((a, b) => a - b).join(",");
}

// Per process, keyed on the configuration version (see ConfigCache).
const adminTables = sharedConfigCache<string[]>("adminTables");
const groupGrants = sharedConfigCache<GroupGrants>("groupGrants");
// The policies themselves, by group set and attribute values: shared (never mutate one), so a
// compiled query's key can encode a policy once (content.ts's `compileOnce`).
const effectivePolicies = sharedConfigCache<DataPolicy>("effectivePolicies");

/**
 * The subject's effective data policy on one data source, built from their groups' table
 * permissions, row policies and column policies, with their attribute values filled in, then
 * merged (`full` in any group wins; sandboxes OR their rows and unite their columns).
 *
 * The safe defaults live here: no permission row means the table does not exist for them; a
 * sandboxed permission without a row policy means no rows; a missing attribute means no rows.
 * Administrators see every table of the data source in full.
 */
export async function getEffectivePolicy(
  subject: PolicySubject,
  dataSourceId: number,
): Promise<DataPolicy> {
  if (subject.isAdmin) {
    return effectivePolicies.get(`${dataSourceId}:admin`, subject.configVersion, async () => {
      const tables = await adminTables.get(String(dataSourceId), subject.configVersion, () =>
        loadAdminTables(dataSourceId),
      );
      return {
        tables: Object.fromEntries(tables.map((name) => [name, { level: "full" } as TableAccess])),
      };
    });
  }
  if (subject.groupIds.length === 0) return { tables: {} };
  const groups = groupSetKey(subject.groupIds);
  // What the groups are granted does not depend on who holds them: cached per group set, with
  // this subject's attribute values filled in below.
  const build = async () => {
    const grants = await groupGrants.get(`${dataSourceId}:${groups}`, subject.configVersion, () =>
      loadGroupGrants(subject.groupIds, dataSourceId),
    );
    return policyFromGrants(grants, subject.attributes);
  };
  const attributes = valueKey(subject.attributes);
  if (attributes === null) return build();
  return effectivePolicies.get(
    `${dataSourceId}:${groups}:${attributes}`,
    subject.configVersion,
    build,
  );
}

async function loadAdminTables(dataSourceId: number): Promise<string[]> {
  const { prisma } = await getAppDatabase();
  const tables = await prisma.syncedTable.findMany({
    where: { dataSourceId, visible: true },
    select: { name: true },
  });
  return tables.map((table) => table.name);
}

type GroupGrants = Awaited<ReturnType<typeof loadGroupGrants>>;

/** The groups' table permissions, row policies and column policies on one data source. */
async function loadGroupGrants(groupIds: number[], dataSourceId: number) {
  const { prisma } = await getAppDatabase();
  const where = { groupId: { in: groupIds }, table: { dataSourceId, visible: true } };
  const [permissions, rowPolicies, columnPolicies] = await Promise.all([
    prisma.tablePermission.findMany({
      where,
      select: { groupId: true, level: true, table: { select: { id: true, name: true } } },
    }),
    prisma.rowPolicy.findMany({
      where,
      select: {
        groupId: true,
        tableId: true,
        kind: true,
        attributeName: true,
        sql: true,
        column: { select: { name: true } },
      },
    }),
    prisma.columnPolicy.findMany({
      where,
      select: {
        groupId: true,
        tableId: true,
        visibleColumns: { select: { column: { select: { name: true } } } },
      },
    }),
  ]);
  return { permissions, rowPolicies, columnPolicies };
}

function policyFromGrants(
  { permissions, rowPolicies, columnPolicies }: GroupGrants,
  attributes: Record<string, unknown>,
): DataPolicy {
  const key = (groupId: number, tableId: number) => `${groupId}:${tableId}`;
  const rowPolicyOf = new Map(
    rowPolicies.map((policy) => [key(policy.groupId, policy.tableId), policy]),
  );
  const columnPolicyOf = new Map(
    columnPolicies.map((policy) => [key(policy.groupId, policy.tableId), policy]),
  );

  const perGroup = new Map<number, DataPolicy>();
  for (const permission of permissions) {
    if (permission.level === "none") continue;
    const policy = perGroup.get(permission.groupId) ?? { tables: {} };
    perGroup.set(permission.groupId, policy);
    if (permission.level === "full") {
      policy.tables[permission.table.name] = { level: "full" };
      continue;
    }
    const rowPolicy = rowPolicyOf.get(key(permission.groupId, permission.table.id));
    const rowFilters: RowFilter[] = [];
    if (rowPolicy?.kind === "column_attribute" && rowPolicy.column && rowPolicy.attributeName) {
      rowFilters.push({
        kind: "column_attribute",
        column: rowPolicy.column.name,
        value: attributeValue(attributes, rowPolicy.attributeName),
        attribute: rowPolicy.attributeName,
      });
    } else if (rowPolicy?.kind === "sql_view" && rowPolicy.sql) {
      const values = Object.fromEntries(
        Object.keys(attributes).map((name) => [name, attributeValue(attributes, name)]),
      );
      rowFilters.push({ kind: "sql_view", sql: rowPolicy.sql, attributes: values });
    }
    const columnPolicy = columnPolicyOf.get(key(permission.groupId, permission.table.id));
    policy.tables[permission.table.name] = {
      level: "sandboxed",
      rowFilters,
      visibleColumns: columnPolicy
        ? columnPolicy.visibleColumns.map((entry) => entry.column.name)
        : null,
    };
  }
  return mergeGroupPolicies([...perGroup.values()]);
}
