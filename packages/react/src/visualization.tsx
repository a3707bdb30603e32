import type { CSSProperties } from "react";
import { useOptionalEmbedContext } from "./internal/embed-context";
import { EmbedRoot } from "./internal/embed-root";
import { useStateComponents } from "./internal/states";
import { mergeThemes } from "./internal/theme";
import { VisualizationBody } from "./internal/visualization-body";
import type { EmbedComponents, QueryResult, Theme } from "./types";

/** Props of `Visualization`. */
export interface VisualizationProps {
  /** A result from `useQueryResult`, `useCardResult` or `useDataset`. */
  result: QueryResult;
  /** `table`, `scalar`, `bar`, `line`, `area`, `pie` or `donut`. */
  display: string;
  /** A card's settings: `format` (Intl.NumberFormat options), `stacked`, `donut`. */
  visualizationSettings?: Record<string, unknown>;
  /** Names the chart for screen readers. */
  title: string;
  /** Height of the chart area. Default `320`. */
  height?: number | string;
  /** Click on a bar, point, slice or summary row: its breakout values. */
  onDrill?: (breakouts: unknown[]) => void;
  locale?: string;
  theme?: Theme;
  components?: Partial<EmbedComponents>;
  className?: string;
  style?: CSSProperties;
}

/**
 * Draws a result you fetched yourself with the same charts, tables and numbers as the dashboards.
 * @example
 * const result = useQueryResult(1, 3, parameters);
 * return result.data ? <Visualization result={result.data} display="bar" title="Orders" /> : null;
 */
export function Visualization({
  result,
  display,
  visualizationSettings,
  title,
  height = 320,
  onDrill,
  locale,
  theme,
  components,
  className,
  style,
}: VisualizationProps) {
  const context = useOptionalEmbedContext();
  const slots = useStateComponents(components);
  return (
    <EmbedRoot theme={mergeThemes(context?.theme, theme)} className={className} style={style}>
      <div className="embed-card-body" style={{ height }}>
        <VisualizationBody
          result={result}
          display={display}
          visualizationSettings={visualizationSettings}
          title={title}
          locale={locale ?? context?.locale}
          components={slots}
          onDrill={onDrill ? (breakouts) => onDrill(breakouts) : undefined}
        />
      </div>
    </EmbedRoot>
  );
}
