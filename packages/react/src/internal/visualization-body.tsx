import { useMemo } from "react";
import type { EmbedComponents, QueryResult } from "../types";
import { buildChartModel, stackSeries } from "./charts/chart-model";
import { ChartistChart, type ChartKind } from "./charts/chartist-chart";
import { DataTable } from "./data-table";
import { formatterFor, isAggregationColumn, isNumericColumn, numberFormatOptions } from "./format";

export interface VisualizationBodyProps {
  result: QueryResult;
  display: string;
  visualizationSettings?: Record<string, unknown> | undefined;
  title: string;
  locale: string | undefined;
  components: EmbedComponents;
  /** Drill-through: the clicked point's breakout values, in result-column order. */
  onDrill?: ((breakouts: unknown[], rowIndex: number | undefined) => void) | undefined;
  onChartDrawn?: (() => void) | undefined;
}

const CHART_KINDS: Record<string, ChartKind> = {
  bar: "bar",
  row: "bar",
  line: "line",
  area: "area",
  pie: "pie",
  donut: "donut",
};

/** Max rows in a chart's screen-reader table: past that the visible table view is the way. */
const MAX_ACCESSIBLE_ROWS = 500;

/** A result drawn as its card says: table, number, bar, line, area, pie or donut. */
export function VisualizationBody({
  result,
  display,
  visualizationSettings,
  title,
  locale,
  components,
  onDrill,
  onChartDrawn,
}: VisualizationBodyProps) {
  const formatter = formatterFor(locale);
  const numberOptions = numberFormatOptions(visualizationSettings);
  const settings = visualizationSettings ?? {};
  const chartKind = settings.donut === true && display === "pie" ? "donut" : CHART_KINDS[display];
  const model = useMemo(
    () => (chartKind ? buildChartModel(result, formatter) : undefined),
    [chartKind, result, formatter],
  );
  const isStacked = settings.stacked === true || settings.stackType === "stacked";
  const series = useMemo(
    () =>
      model && isStacked && (chartKind === "line" || chartKind === "area")
        ? stackSeries(model.series)
        : model?.series,
    [model, isStacked, chartKind],
  );

  if (result.rows.length === 0) {
    return <components.Empty target="card" message="No results" />;
  }

  if (display === "scalar" || display === "number" || display === "kpi") {
    const column =
      result.columns.findIndex(isNumericColumn) === -1
        ? 0
        : result.columns.findIndex(isNumericColumn);
    const value = result.rows[0]?.[column];
    // A sum over no rows is null: say "no value" rather than show an empty card.
    const shown =
      (result.columns[column]
        ? formatter.value(value, result.columns[column], numberOptions)
        : String(value ?? "")) || "—";
    return (
      <div className="embed-scalar" data-embed-display="scalar">
        <span className="embed-visually-hidden">{title}: </span>
        <span className="embed-scalar-value">{shown}</span>
      </div>
    );
  }

  if (chartKind && model && series && model.series.length > 0) {
    const formatNumber = (value: number) => formatter.number(value, numberOptions);
    const handlePoint = onDrill
      ? (seriesIndex: number, index: number) =>
          onDrill(
            model.breakoutsAt(
              chartKind === "pie" || chartKind === "donut" ? 0 : seriesIndex,
              index,
            ),
            undefined,
          )
      : undefined;
    const legend =
      chartKind === "pie" || chartKind === "donut"
        ? model.labels
        : model.series.length > 1
          ? model.series.map((entry) => entry.name)
          : [];
    return (
      <div
        className={onDrill ? "embed-chart embed-interactive" : "embed-chart"}
        data-embed-display={chartKind}
      >
        <ChartistChart
          kind={chartKind}
          labels={model.labels}
          series={series}
          isStacked={isStacked}
          formatNumber={formatNumber}
          onPointClick={handlePoint}
          onDrawn={onChartDrawn}
        />
        {legend.length > 0 ? (
          <ul className="embed-legend" aria-hidden="true">
            {legend.slice(0, 24).map((name, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: legend order is the series order
              <li key={i}>
                <span className={`embed-swatch embed-swatch-${i % 12}`} />
                {name}
              </li>
            ))}
          </ul>
        ) : null}
        <table className="embed-visually-hidden" data-embed-accessible-table="">
          <caption>
            {title} ({chartKind === "donut" ? "donut" : chartKind} chart)
          </caption>
          <thead>
            <tr>
              <th scope="col">{model.xColumn?.displayName ?? ""}</th>
              {model.series.map((entry) => (
                <th key={entry.name} scope="col">
                  {entry.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {model.labels.slice(0, MAX_ACCESSIBLE_ROWS).map((label, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
              <tr key={i}>
                <th scope="row">{label}</th>
                {model.series.map((entry) => {
                  const value = entry.values[i];
                  return (
                    <td key={entry.name}>
                      {value === null || value === undefined ? "" : formatNumber(value)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <DataTable
      result={result}
      formatter={formatter}
      numberOptions={numberOptions}
      caption={title}
      onRowClick={
        onDrill && model === undefined && hasBreakouts(result)
          ? (rowIndex) => onDrill(breakoutCells(result, rowIndex), rowIndex)
          : undefined
      }
    />
  );
}

/** A summarized result (breakouts and aggregations): its rows can be drilled into. */
function hasBreakouts(result: QueryResult): boolean {
  return (
    result.columns.some(isAggregationColumn) &&
    result.columns.some((column) => !isAggregationColumn(column))
  );
}

function breakoutCells(result: QueryResult, rowIndex: number): unknown[] {
  const row = result.rows[rowIndex] ?? [];
  return result.columns.flatMap((column, i) => (isAggregationColumn(column) ? [] : [row[i]]));
}
