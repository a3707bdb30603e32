import { useMemo } from "react";
import type { DashboardData, EmbedComponents, ParameterValueMap, QueryResult } from "../types";
import { apiPaths, jsonPost } from "./api-paths";
import type { DrillTarget } from "./dashcard-view";
import { DataTable } from "./data-table";
import { useEmbedContext } from "./embed-context";
import { formatterFor, isAggregationColumn } from "./format";
import { KEY_ROOT } from "./query-defaults";
import { useEmbedQuery } from "./use-embed-query";
import { isQueryResult } from "./wire-shapes";

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
 * Signed-in viewers get the underlying records from the server, which builds the drill-through
 * query from the card's own query (the one rule, in @embed/query) and runs it under their policy.
 */
function ServerDrill(props: DrillViewProps) {
  const { target, dashboard, parameters, components, locale } = props;
  const { session, queryClient, scope } = useEmbedContext("Dashboard");
  const rows = useEmbedQuery({
    client: queryClient,
    queryKey: [
      KEY_ROOT,
      scope,
      "drill",
      dashboard.id,
      target.card.id,
      parameters,
      target.breakouts,
    ],
    queryFn: ({ signal }) =>
      session.request(
        apiPaths.dashcardDrill(dashboard.id, target.card.id),
        isQueryResult,
        "query result",
        jsonPost({ parameters, values: target.breakouts }, signal),
      ),
  });
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
