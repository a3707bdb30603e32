import { useMemo } from "react";
import type { DashboardData, EmbedComponents, ParameterValueMap, QueryResult } from "../types";
import { useDataset } from "../use-dataset";
import { useQuestion } from "../use-question";
import type { DrillTarget } from "./dashcard-view";
import { DataTable } from "./data-table";
import { asStructuredQuery, buildDrillQuery, parameterFilters } from "./drill-query";
import { formatterFor, isAggregationColumn } from "./format";

export interface DrillViewProps {
  target: DrillTarget;
  dashboard: DashboardData;
  parameters: ParameterValueMap;
  locale: string | undefined;
  components: EmbedComponents;
  /** Signed-in dashboards may ask the server for the underlying records. */
  canQueryServer: boolean;
  onBack: () => void;
}

/** What was clicked, in words: "Plan = Premium, Status = shipped". */
function describeTarget(target: DrillTarget, locale: string | undefined): string {
  const formatter = formatterFor(locale);
  const columns = target.result.columns.filter((column) => !isAggregationColumn(column));
  return columns
    .map(
      (column, i) =>
        `${column.displayName} = ${formatter.value(target.breakouts[i], column) || "(empty)"}`,
    )
    .join(", ");
}

/** The rows behind a clicked bar, point, slice or row, with a way back to the dashboard. */
export function DrillView(props: DrillViewProps) {
  const { target, onBack, locale } = props;
  return (
    <div className="embed-drill" data-embed-drill={target.card.id}>
      <div>
        <button type="button" className="embed-link" onClick={onBack}>
          ← Back to {props.dashboard.name}
        </button>
      </div>
      <h3 className="embed-card-title">
        {target.card.title}: {describeTarget(target, locale)}
      </h3>
      {props.canQueryServer ? <ServerDrill {...props} /> : <ResultRowsDrill {...props} />}
    </div>
  );
}

/**
 * Admins get the card's structured query from `GET /api/card/:id`, so the drill runs as a new
 * query on `/api/dataset` (same policy as the chart). Others do not: they see the result rows.
 */
function ServerDrill(props: DrillViewProps) {
  const { target, dashboard, parameters, components, locale } = props;
  const question = useQuestion(target.card.cardId);
  const query = question.status === "success" ? asStructuredQuery(question.data.query) : null;
  const drillQuery = useMemo(
    () =>
      query
        ? buildDrillQuery(
            query,
            target.breakouts,
            parameterFilters(dashboard.parameters, target.card, parameters),
          )
        : null,
    [query, target, dashboard.parameters, parameters],
  );
  const rows = useDataset(drillQuery);
  if (question.status === "loading") return <components.Loading target="drill" />;
  if (!drillQuery) return <ResultRowsDrill {...props} />;
  if (rows.status === "error") {
    return <components.Error target="drill" error={rows.error} retry={rows.refetch} />;
  }
  if (rows.status === "loading") return <components.Loading target="drill" />;
  if (rows.data.rows.length === 0) return <components.Empty target="drill" message="No rows" />;
  return (
    <DataTable result={rows.data} formatter={formatterFor(locale)} caption={target.card.title} />
  );
}

function ResultRowsDrill({ target, locale, components }: DrillViewProps) {
  const matching = useMemo<QueryResult>(() => {
    const { result } = target;
    const keys = result.columns.flatMap((column, i) => (isAggregationColumn(column) ? [] : [i]));
    const rows = result.rows.filter((row) =>
      keys.every((columnIndex, k) => {
        const clicked = target.breakouts[k];
        return clicked === undefined || Object.is(row[columnIndex] ?? null, clicked ?? null);
      }),
    );
    return { ...result, rows, rowCount: rows.length, truncated: false };
  }, [target]);
  if (matching.rows.length === 0) return <components.Empty target="drill" message="No rows" />;
  return (
    <>
      <DataTable result={matching} formatter={formatterFor(locale)} caption={target.card.title} />
      <p className="embed-note">Showing this card's summarized rows for the selected value.</p>
    </>
  );
}
