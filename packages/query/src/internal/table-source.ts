import {
  type AliasedRawBuilder,
  type Expression,
  type RawBuilder,
  type SqlBool,
  sql,
} from "kysely";
import type { RowFilter } from "../policy";
import { QueryError } from "../query-error";
import { columnKind } from "./column-kind";
import { bindPlaceholders, singleStatement } from "./placeholders";
import type { ScopeTable } from "./scope";
import { snippet } from "./snippet";
import { coerceAttribute } from "./values";

/**
 * A sandbox's SQL view with each `{{name}}` replaced by a bound parameter (a list binds as one
 * array). `undefined` when a placeholder names an attribute the viewer lacks: that view then
 * contributes no rows — never all rows.
 */
function compileView(table: ScopeTable, filter: Extract<RowFilter, { kind: "sql_view" }>) {
  const statement = singleStatement(filter.sql);
  if (statement.problem) {
    throw new QueryError(
      "invalid_policy",
      `the row policy of table ${snippet(table.alias)} is a SQL view with "$n" or ";": use {{attribute}} placeholders in one SELECT`,
    );
  }
  const bound = bindPlaceholders(statement.text, filter.attributes);
  return bound.missing === undefined ? bound.sql : undefined;
}

/** `column = value`, `column IN (…)`, or FALSE when the value is missing or cannot match. */
function attributePredicate(
  table: ScopeTable,
  filter: Extract<RowFilter, { kind: "column_attribute" }>,
): Expression<SqlBool> {
  const column = table.table.columns.find((c) => c.name === filter.column);
  if (!column || filter.value === undefined || filter.value === null) return sql<SqlBool>`false`;
  const kind = columnKind(column);
  const ref = sql.id(filter.column);
  if (Array.isArray(filter.value)) {
    const values = filter.value.map((v) => coerceAttribute(v, kind)).filter((v) => v !== undefined);
    if (values.length === 0) return sql<SqlBool>`false`;
    return sql<SqlBool>`${ref} in (${sql.join(values)})`;
  }
  const value = coerceAttribute(filter.value, kind);
  return value === undefined ? sql<SqlBool>`false` : sql<SqlBool>`${ref} = ${value}`;
}

function or(predicates: Expression<SqlBool>[]): Expression<SqlBool> {
  if (predicates.length === 0) return sql<SqlBool>`false`;
  if (predicates.length === 1 && predicates[0]) return predicates[0];
  return sql<SqlBool>`(${sql.join(predicates, sql` or `)})`;
}

/** A table's SQL, and whether it embeds an administrator's SQL text (see `Statement.hasRawSql`). */
export interface TableSource {
  from: AliasedRawBuilder<unknown, string>;
  hasRawSql: boolean;
}

/**
 * What the query reads a table from. With full access, the table itself. Sandboxed, a subquery
 * that only yields the viewer's rows and visible columns — used wherever the table appears, so
 * joins, aggregates and filter-value lists can never see past it:
 *
 *   (select <visible> from <table> where <f1> or <f2>) as <alias>
 *   (select <visible> from (<view sql, {{x}} → $n>) as "v") as <alias>
 *   (select <visible> from (<part> union <part> …) as "u") as <alias>   -- views and filters OR-ed
 *
 * A SQL view is the only text here not written by the compiler: a table with one (embedded or
 * not, for a missing attribute) reports `hasRawSql`, which keeps the statement in the driver's
 * rolled-back transaction.
 */
export function tableSource(table: ScopeTable): TableSource {
  const qualified = sql.id(table.table.schema, table.table.name);
  if (table.access.level === "full") {
    return { from: sql`${qualified}`.as(table.alias), hasRawSql: false };
  }
  const { rowFilters } = table.access;
  return {
    from: sandboxedSource(table, rowFilters, qualified),
    hasRawSql: rowFilters.some((f) => f.kind === "sql_view"),
  };
}

function sandboxedSource(
  table: ScopeTable,
  rowFilters: readonly RowFilter[],
  qualified: RawBuilder<unknown>,
): AliasedRawBuilder<unknown, string> {
  const visible = [...table.visible.keys()].map((c) => sql.id(c));
  // Selecting nothing is not valid SQL; a table with every column hidden still has rows to count.
  const columns = sql.join(visible.length > 0 ? visible : [sql`1 as "_"`]);
  const attributeFilters = rowFilters.filter((f) => f.kind === "column_attribute");
  const predicate = () => or(attributeFilters.map((f) => attributePredicate(table, f)));
  const views = rowFilters
    .filter((f) => f.kind === "sql_view")
    .map((f) => compileView(table, f))
    .filter((v) => v !== undefined);

  if (views.length === 0) {
    return sql`(select ${columns} from ${qualified} where ${predicate()})`.as(table.alias);
  }
  const [onlyView] = views;
  if (views.length === 1 && onlyView && attributeFilters.length === 0) {
    // A newline before the parenthesis: a trailing `-- comment` in the view cannot swallow it.
    return sql`(select ${columns} from (\n${onlyView}\n) as "v")`.as(table.alias);
  }
  // Several sources of rows: a UNION (distinct) over the visible and primary-key columns, so a row
  // allowed by two filters is counted once while two different rows never collapse into one.
  const keyed = table.table.columns
    .filter((c) => table.visible.has(c.name) || c.primaryKey)
    .map((c) => sql.id(c.name));
  const keyColumns = keyed.length > 0 ? sql.join(keyed) : columns;
  const parts = views.map((view) => sql`select ${keyColumns} from (\n${view}\n) as "v"`);
  if (attributeFilters.length > 0) {
    parts.unshift(sql`select ${keyColumns} from ${qualified} where ${predicate()}`);
  }
  return sql`(select ${columns} from (${sql.join(parts, sql` union `)}) as "u")`.as(table.alias);
}
