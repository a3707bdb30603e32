import { type CSSProperties, useEffect, useId, useState } from "react";
import type {
  DashboardCard,
  EmbedComponents,
  EmbedError,
  ParameterValueMap,
  QueryResult,
} from "../types";
import { apiPaths } from "./api-paths";
import { type DashboardSource, useDashcardResult } from "./dashboard-source";
import { csvFilename, saveBlob } from "./download";
import { toEmbedError } from "./embed-request-error";
import { normalizeParameters } from "./use-embed-query";
import { VisualizationBody } from "./visualization-body";

export interface DrillTarget {
  card: DashboardCard;
  breakouts: unknown[];
  rowIndex: number | undefined;
  result: QueryResult;
}

export interface DashcardViewProps {
  card: DashboardCard;
  source: DashboardSource;
  parameters: ParameterValueMap;
  withDownloads: boolean;
  isInteractive: boolean;
  locale: string | undefined;
  components: EmbedComponents;
  onSettled: (dashcardId: number) => void;
  onDrill: (target: DrillTarget) => void;
}

/** One card on the grid: its title, its CSV download, and its result drawn as its display. */
export function DashcardView({
  card,
  source,
  parameters,
  withDownloads,
  isInteractive,
  locale,
  components,
  onSettled,
  onDrill,
}: DashcardViewProps) {
  const titleId = useId();
  const result = useDashcardResult(source, card.id, parameters);
  const settled = result.status !== "loading";
  useEffect(() => {
    if (settled) onSettled(card.id);
  }, [settled, card.id, onSettled]);

  const { x, y, w, h } = card.layout;
  const style = {
    "--embed-x": String(Math.max(0, x) + 1),
    "--embed-y": String(Math.max(0, y) + 1),
    "--embed-w": String(Math.min(24, Math.max(1, w))),
    "--embed-h": String(Math.max(1, h)),
  } as CSSProperties;
  const data = result.data;

  return (
    <section
      className="embed-card"
      style={style}
      aria-labelledby={titleId}
      aria-busy={result.isFetching}
      data-embed-dashcard={card.id}
      data-embed-display={card.display}
    >
      <header className="embed-card-header">
        <h3 className="embed-card-title" id={titleId} title={card.title}>
          {card.title}
        </h3>
        {withDownloads && source.kind === "session" ? (
          <DownloadButton card={card} source={source} parameters={parameters} />
        ) : null}
      </header>
      <div className="embed-card-body">
        {data ? (
          <VisualizationBody
            result={data}
            display={card.display}
            visualizationSettings={card.visualizationSettings}
            title={card.title}
            locale={locale}
            components={components}
            onDrill={
              isInteractive
                ? (breakouts, rowIndex) => onDrill({ card, breakouts, rowIndex, result: data })
                : undefined
            }
          />
        ) : result.status === "error" ? (
          <components.Error target="card" error={result.error} retry={result.refetch} />
        ) : (
          <components.Loading target="card" />
        )}
      </div>
    </section>
  );
}

function DownloadButton({
  card,
  source,
  parameters,
}: {
  card: DashboardCard;
  source: Extract<DashboardSource, { kind: "session" }>;
  parameters: ParameterValueMap;
}) {
  const [state, setState] = useState<{ busy: boolean; error?: EmbedError }>({ busy: false });
  const download = async () => {
    setState({ busy: true });
    try {
      // The export route wants the bearer token, so no plain link: fetch, then save the blob.
      const response = await source.session.fetch(
        apiPaths.dashcardExport(source.dashboardId, card.id, normalizeParameters(parameters)),
        { headers: { accept: "text/csv" } },
      );
      saveBlob(await response.blob(), csvFilename(card.title));
      setState({ busy: false });
    } catch (error) {
      setState({ busy: false, error: toEmbedError(error) });
    }
  };
  return (
    <span>
      {state.error ? (
        <span role="alert" className="embed-note" data-embed-error-code={state.error.code}>
          Download failed ({state.error.code}){" "}
        </span>
      ) : null}
      <button
        type="button"
        className="embed-button"
        onClick={download}
        disabled={state.busy}
        aria-label={`Download ${card.title} as CSV`}
      >
        {state.busy ? "Downloading…" : "CSV"}
      </button>
    </span>
  );
}
