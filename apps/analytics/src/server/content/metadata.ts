import "server-only";
import type { DataPolicy, WarehouseMetadata } from "@embed/query";

/**
 * The warehouse as a viewer may see it: tables without access are absent, and so are columns
 * their column policy hides — the query builder can offer nothing the compiler would refuse.
 * Columns an administrator hid (`hiddenColumns`, `table.column`) are left out too; that is
 * presentation only, and queries naming them still run under the policy.
 */
export function visibleMetadata(
  metadata: WarehouseMetadata,
  policy: DataPolicy,
  hiddenColumns: readonly string[] = [],
) {
  const hidden = new Set(hiddenColumns);
  return {
    tables: metadata.tables
      .filter((table) => table.name in policy.tables)
      .map((table) => {
        const access = policy.tables[table.name];
        const visible = access?.level === "sandboxed" ? access.visibleColumns : null;
        return {
          name: table.name,
          displayName: table.displayName,
          columns: table.columns
            .filter((column) => !hidden.has(`${table.name}.${column.name}`))
            .filter((column) => visible === null || visible.includes(column.name))
            .filter((column) => !column.foreignKey || column.foreignKey.table in policy.tables)
            .map((column) => ({
              name: column.name,
              displayName: column.displayName,
              type: column.semanticType,
              ...(column.foreignKey && column.foreignKey.table in policy.tables
                ? { foreignKey: column.foreignKey }
                : {}),
            })),
        };
      }),
  };
}
