import type { DataPolicy, RowFilter, TableAccess } from "./policy";

/**
 * Combines the policies of every group a viewer belongs to into the viewer's effective policy.
 * Per table: `full` in any group wins; otherwise the sandboxed groups' row filters are OR-ed (a
 * row visible to any group is visible) and their visible columns united (`null` = all columns).
 * A table no group lists stays absent: no access.
 * @example
 * const policy = mergeGroupPolicies([tenantsGroup.policy, customersGroup.policy]);
 */
export function mergeGroupPolicies(perGroup: readonly DataPolicy[]): DataPolicy {
  const merged = new Map<string, TableAccess>();
  for (const group of perGroup) {
    for (const [table, access] of Object.entries(group.tables)) {
      const previous = merged.get(table);
      if (access.level === "full" || previous?.level === "full") {
        merged.set(table, { level: "full" });
        continue;
      }
      if (access.level !== "sandboxed") continue; // unknown levels grant nothing
      if (!previous) {
        merged.set(table, {
          level: "sandboxed",
          rowFilters: [...access.rowFilters],
          visibleColumns: access.visibleColumns === null ? null : [...access.visibleColumns],
        });
        continue;
      }
      const rowFilters: RowFilter[] = [...previous.rowFilters, ...access.rowFilters];
      const visibleColumns =
        previous.visibleColumns === null || access.visibleColumns === null
          ? null
          : [...new Set([...previous.visibleColumns, ...access.visibleColumns])];
      merged.set(table, { level: "sandboxed", rowFilters, visibleColumns });
    }
  }
  return { tables: Object.fromEntries(merged) };
}

/**
 * Whether any table is sandboxed for this viewer. Such a viewer must be refused native SQL: a
 * hand-written query would bypass the row and column policies the compiler applies.
 */
export function hasSandboxedTable(policy: DataPolicy): boolean {
  return Object.values(policy.tables).some((access) => access.level !== "full");
}
