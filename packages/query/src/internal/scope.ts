import type { ColumnMetadata, TableMetadata, WarehouseMetadata } from "../metadata";
import type { DataPolicy, RowFilter } from "../policy";
import { QueryError } from "../query-error";
import type { Join } from "../structured-query";
import { type ColumnKind, columnKind } from "./column-kind";
import { snippet } from "./snippet";

/** A table's access after resolution: what the compiler acts on. */
export type ResolvedAccess =
  | { level: "full" }
  | { level: "sandboxed"; rowFilters: readonly RowFilter[] };

/** A table in the query: its metadata, the viewer's access and the columns the viewer may see. */
export interface ScopeTable {
  /** The name the query uses for it, also its SQL alias. */
  alias: string;
  table: TableMetadata;
  access: ResolvedAccess;
  /** Visible columns, in metadata order. Hidden columns are simply not here. */
  visible: Map<string, ColumnMetadata>;
}

export interface ResolvedColumn {
  table: ScopeTable;
  column: ColumnMetadata;
  kind: ColumnKind;
  /** How the query names it: `"amount"` (source) or `"accounts.plan"` (a joined table). */
  ref: string;
}

export interface JoinPlan {
  table: ScopeTable;
  /** `leftAlias.leftColumn = table.alias.rightColumn` */
  leftAlias: string;
  leftColumn: string;
  rightColumn: string;
}

const indexes = new WeakMap<WarehouseMetadata, Map<string, TableMetadata>>();

/** Tables by name; a name twice (in two schemas) is refused rather than guessed. */
export function indexMetadata(metadata: WarehouseMetadata): Map<string, TableMetadata> {
  const cached = indexes.get(metadata);
  if (cached) return cached;
  const index = new Map<string, TableMetadata>();
  for (const table of metadata.tables) {
    if (index.has(table.name)) {
      throw new QueryError(
        "invalid_metadata",
        `table ${snippet(table.name)} appears twice in the metadata; table names must be unique`,
      );
    }
    index.set(table.name, table);
  }
  indexes.set(metadata, index);
  return index;
}

const unknownTable = (name: string) =>
  new QueryError("unknown_table", `unknown table ${snippet(name)}`);

/**
 * A table as this viewer sees it. A table without access fails exactly like a table that does not
 * exist, so the error reveals nothing about what is in the warehouse.
 */
export function resolveTable(
  name: string,
  index: Map<string, TableMetadata>,
  policy: DataPolicy,
): ScopeTable {
  const table = index.get(name);
  // Object.hasOwn: a table called "constructor" must not find Object.prototype's.
  const access = table && Object.hasOwn(policy.tables, name) ? policy.tables[name] : undefined;
  if (!table || !access) throw unknownTable(name);
  if (access.level === "full") {
    return {
      alias: name,
      table,
      access: { level: "full" },
      visible: new Map(table.columns.map((c) => [c.name, c])),
    };
  }
  if (access.level !== "sandboxed") throw unknownTable(name);
  const allowed = access.visibleColumns === null ? null : new Set(access.visibleColumns);
  const visible = new Map(
    table.columns.filter((c) => allowed === null || allowed.has(c.name)).map((c) => [c.name, c]),
  );
  return {
    alias: name,
    table,
    access: { level: "sandboxed", rowFilters: access.rowFilters },
    visible,
  };
}

export class Scope {
  readonly tables: ScopeTable[] = [];
  readonly joins: JoinPlan[] = [];

  constructor(readonly source: ScopeTable) {
    this.tables.push(source);
  }

  private find(alias: string): ScopeTable | undefined {
    return this.tables.find((t) => t.alias === alias);
  }

  /**
   * Adds a join along a foreign key between `target` and a table already in the query, in either
   * direction. Only visible columns can carry a join: a hidden key cannot be used to link rows.
   */
  addJoin(join: Join, target: ScopeTable): void {
    if (this.find(target.alias)) {
      throw new QueryError(
        "invalid_join",
        `table ${snippet(target.alias)} is already in the query; each table may appear once`,
      );
    }
    const candidates: (JoinPlan & { owner: string; fkColumn: string })[] = [];
    for (const existing of this.tables) {
      // existing.fk → target
      for (const column of existing.visible.values()) {
        const fk = column.foreignKey;
        if (fk?.table === target.table.name && target.visible.has(fk.column)) {
          candidates.push({
            table: target,
            leftAlias: existing.alias,
            leftColumn: column.name,
            rightColumn: fk.column,
            owner: existing.alias,
            fkColumn: column.name,
          });
        }
      }
      // target.fk → existing
      for (const column of target.visible.values()) {
        const fk = column.foreignKey;
        if (fk?.table === existing.table.name && existing.visible.has(fk.column)) {
          candidates.push({
            table: target,
            leftAlias: existing.alias,
            leftColumn: fk.column,
            rightColumn: column.name,
            owner: target.alias,
            fkColumn: column.name,
          });
        }
      }
    }
    const via = join.via;
    const matching =
      via === undefined
        ? candidates
        : candidates.filter((c) => via === c.fkColumn || via === `${c.owner}.${c.fkColumn}`);
    const [only, ...others] = matching;
    if (!only) {
      throw new QueryError(
        "invalid_join",
        via === undefined
          ? `no foreign key links ${snippet(target.alias)} to the tables already in the query`
          : `no foreign key ${snippet(via)} links ${snippet(target.alias)} to the tables already in the query`,
      );
    }
    if (others.length > 0) {
      throw new QueryError(
        "invalid_join",
        `more than one foreign key links ${snippet(target.alias)}; name one with "via"`,
      );
    }
    this.tables.push(target);
    this.joins.push({
      table: only.table,
      leftAlias: only.leftAlias,
      leftColumn: only.leftColumn,
      rightColumn: only.rightColumn,
    });
  }

  /**
   * `"col"` is a column of the source; `"table.col"` a column of a joined table (or the source).
   * Hidden and missing columns get the same error.
   */
  resolveColumn(ref: string): ResolvedColumn {
    const own = this.source.visible.get(ref);
    if (own) return { table: this.source, column: own, kind: columnKind(own), ref };
    const dot = ref.indexOf(".");
    if (dot > 0) {
      const table = this.find(ref.slice(0, dot));
      const column = table?.visible.get(ref.slice(dot + 1));
      if (table && column) {
        const name = table === this.source ? column.name : `${table.alias}.${column.name}`;
        return { table, column, kind: columnKind(column), ref: name };
      }
    }
    throw new QueryError(
      "unknown_column",
      `unknown column ${snippet(ref)}: name a column of ${snippet(this.source.alias)} or "table.column" of a joined table`,
    );
  }
}
