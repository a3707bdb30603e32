import type { QueryResult, ResultColumn } from "../../types";
import { isAggregationColumn, isNumericColumn, type ValueFormatter } from "../format";

export interface ChartSeries {
  name: string;
  values: Array<number | null>;
}

/** A result shaped for a chart: categories along x, one or more numeric series. */
export interface ChartModel {
  xColumn: ResultColumn | undefined;
  labels: string[];
  series: ChartSeries[];
  /** The breakout values behind a point, in result-column order (for drill-through). */
  breakoutsAt: (seriesIndex: number, index: number) => unknown[];
  /** The breakout columns those values belong to. */
  breakoutColumns: ResultColumn[];
}

const toNumber = (value: unknown): number | null => {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  // Integers beyond ±2^53 arrive as exact strings: a chart may round them.
  if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  return null;
};

/**
 * Which columns are categories and which are measures: aggregation columns (`count`,
 * `sum(amount)`) measure, the breakouts before them categorize. A raw (unsummarized) result
 * charts its first non-numeric column against its numeric ones.
 */
export function splitColumns(columns: ResultColumn[]) {
  const metricIndexes = columns.flatMap((column, i) => (isAggregationColumn(column) ? [i] : []));
  if (metricIndexes.length > 0) {
    const dimensionIndexes = columns.flatMap((column, i) =>
      isAggregationColumn(column) ? [] : [i],
    );
    return { dimensionIndexes, metricIndexes };
  }
  const firstCategory = columns.findIndex((column) => !isNumericColumn(column));
  const dimension = firstCategory === -1 ? 0 : firstCategory;
  return {
    dimensionIndexes: columns.length > 0 ? [dimension] : [],
    metricIndexes: columns.flatMap((column, i) =>
      i !== dimension && isNumericColumn(column) && column.type !== "id" ? [i] : [],
    ),
  };
}

export function buildChartModel(result: QueryResult, formatter: ValueFormatter): ChartModel {
  const { columns, rows } = result;
  const { dimensionIndexes, metricIndexes } = splitColumns(columns);
  const xIndex = dimensionIndexes[0];
  const xColumn = xIndex === undefined ? undefined : columns[xIndex];
  const breakoutColumns = dimensionIndexes.map((i) => columns[i] as ResultColumn);
  const labelOf = (value: unknown, column: ResultColumn | undefined) =>
    column ? formatter.value(value, column) || "(empty)" : String(value);

  const pivotIndex = dimensionIndexes[1];
  const metricIndex = metricIndexes[0];
  if (
    xIndex !== undefined &&
    pivotIndex !== undefined &&
    metricIndexes.length === 1 &&
    metricIndex !== undefined
  ) {
    // Two breakouts and one measure: the second breakout becomes the series (stack or group).
    const xKeys = new Map<string, { raw: unknown; index: number }>();
    const seriesKeys = new Map<string, { raw: unknown; index: number }>();
    for (const row of rows) {
      const xKey = JSON.stringify(row[xIndex] ?? null);
      if (!xKeys.has(xKey)) xKeys.set(xKey, { raw: row[xIndex], index: xKeys.size });
      const seriesKey = JSON.stringify(row[pivotIndex] ?? null);
      if (!seriesKeys.has(seriesKey)) {
        seriesKeys.set(seriesKey, { raw: row[pivotIndex], index: seriesKeys.size });
      }
    }
    const xs = [...xKeys.values()];
    const seriesValues = [...seriesKeys.values()];
    const series: ChartSeries[] = seriesValues.map(({ raw }) => ({
      name: labelOf(raw, columns[pivotIndex]),
      values: xs.map(() => null),
    }));
    for (const row of rows) {
      const x = xKeys.get(JSON.stringify(row[xIndex] ?? null));
      const s = seriesKeys.get(JSON.stringify(row[pivotIndex] ?? null));
      const target = s && series[s.index];
      if (x && target)
        target.values[x.index] = (target.values[x.index] ?? 0) + (toNumber(row[metricIndex]) ?? 0);
    }
    return {
      xColumn,
      labels: xs.map(({ raw }) => labelOf(raw, xColumn)),
      series,
      breakoutColumns: breakoutColumns.slice(0, 2),
      breakoutsAt: (seriesIndex, index) => [xs[index]?.raw, seriesValues[seriesIndex]?.raw],
    };
  }

  return {
    xColumn,
    labels: rows.map((row, i) =>
      xIndex === undefined ? String(i + 1) : labelOf(row[xIndex], xColumn),
    ),
    series: metricIndexes.map((i) => ({
      name: columns[i]?.displayName ?? "",
      values: rows.map((row) => toNumber(row[i])),
    })),
    breakoutColumns,
    breakoutsAt: (_seriesIndex, index) => dimensionIndexes.map((i) => rows[index]?.[i]),
  };
}

/** Running totals across series, for stacked lines and areas (Chartist stacks only bars). */
export function stackSeries(series: ChartSeries[]): ChartSeries[] {
  const totals: number[] = [];
  return series.map((entry) => ({
    name: entry.name,
    values: entry.values.map((value, i) => {
      totals[i] = (totals[i] ?? 0) + (value ?? 0);
      return totals[i] as number;
    }),
  }));
}
