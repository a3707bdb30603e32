import { type KeyboardEvent, useMemo, useState } from "react";
import type { QueryResult } from "../types";
import { compareCells, isNumericColumn, type ValueFormatter } from "./format";

export interface DataTableProps {
  result: QueryResult;
  formatter: ValueFormatter;
  numberOptions?: Intl.NumberFormatOptions | undefined;
  caption?: string | undefined;
  pageSize?: number;
  /** Makes rows clickable (drill-through); receives the row's index in `result.rows`. */
  onRowClick?: ((rowIndex: number) => void) | undefined;
}

type Sort = { column: number; direction: "ascending" | "descending" } | null;

/**
 * A sortable, paginated table: only one page of rows is ever in the DOM, so a 10k-row result
 * renders as fast as a 50-row one. Sorting reorders indexes, not the rows themselves.
 */
export function DataTable({
  result,
  formatter,
  numberOptions,
  caption,
  pageSize = 50,
  onRowClick,
}: DataTableProps) {
  const [sort, setSort] = useState<Sort>(null);
  const [page, setPage] = useState(0);
  const { columns, rows } = result;

  const order = useMemo(() => {
    const indexes = rows.map((_, i) => i);
    if (!sort) return indexes;
    const sign = sort.direction === "ascending" ? 1 : -1;
    return indexes.sort(
      (a, b) => sign * compareCells(rows[a]?.[sort.column], rows[b]?.[sort.column]),
    );
  }, [rows, sort]);

  const pageCount = Math.max(1, Math.ceil(rows.length / pageSize));
  const current = Math.min(page, pageCount - 1);
  const visible = order.slice(current * pageSize, (current + 1) * pageSize);

  const toggleSort = (column: number) => {
    setPage(0);
    setSort((previous) =>
      previous?.column !== column
        ? { column, direction: "ascending" }
        : previous.direction === "ascending"
          ? { column, direction: "descending" }
          : null,
    );
  };
  const onRowKey = (rowIndex: number) => (event: KeyboardEvent) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onRowClick?.(rowIndex);
    }
  };

  return (
    <>
      <div className="embed-table-wrap">
        <table className="embed-table">
          {caption ? <caption className="embed-visually-hidden">{caption}</caption> : null}
          <thead>
            <tr>
              {columns.map((column, i) => (
                <th
                  key={column.name}
                  scope="col"
                  aria-sort={sort?.column === i ? sort.direction : "none"}
                  className={isNumericColumn(column) ? "embed-num" : undefined}
                >
                  <button type="button" className="embed-sort" onClick={() => toggleSort(i)}>
                    {column.displayName}
                    {sort?.column === i ? (sort.direction === "ascending" ? " ▲" : " ▼") : ""}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {visible.map((rowIndex) => {
              const row = rows[rowIndex] ?? [];
              return (
                <tr
                  key={rowIndex}
                  className={onRowClick ? "embed-clickable" : undefined}
                  tabIndex={onRowClick ? 0 : undefined}
                  onClick={onRowClick ? () => onRowClick(rowIndex) : undefined}
                  onKeyDown={onRowClick ? onRowKey(rowIndex) : undefined}
                >
                  {columns.map((column, i) => (
                    <td
                      key={column.name}
                      className={isNumericColumn(column) ? "embed-num" : undefined}
                    >
                      {formatter.value(row[i], column, numberOptions)}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rows.length > pageSize || result.truncated ? (
        <nav className="embed-pager" aria-label="Table pages">
          <span>
            {formatter.number(current * pageSize + 1)}–
            {formatter.number(Math.min(rows.length, (current + 1) * pageSize))} of{" "}
            {formatter.number(rows.length)}
            {result.truncated ? " (more rows on the server)" : ""}
          </span>
          <button
            type="button"
            className="embed-button"
            disabled={current === 0}
            onClick={() => setPage(current - 1)}
          >
            Previous
          </button>
          <button
            type="button"
            className="embed-button"
            disabled={current >= pageCount - 1}
            onClick={() => setPage(current + 1)}
          >
            Next
          </button>
        </nav>
      ) : null}
    </>
  );
}
