import type { CSSProperties } from "react";
import { useEmbedAuth } from "./embed-provider";
import type { DashboardSource } from "./internal/dashboard-source";
import { useDashboardDefinition } from "./internal/dashboard-source";
import { DashboardStates, useParameterState } from "./internal/dashboard-view";
import { useEmbedContext } from "./internal/embed-context";
import { EmbedRoot } from "./internal/embed-root";
import { useStateComponents } from "./internal/states";
import { mergeThemes } from "./internal/theme";
import type { DashboardData, EmbedComponents, ParameterValueMap, Theme } from "./types";

/** Props of `Dashboard`. */
export interface DashboardProps {
  /** The dashboard's id on the analytics server. */
  id: number;
  /** Uncontrolled: the filter values to start with (by slug). */
  initialParameters?: ParameterValueMap;
  /** Controlled: the filter values; pair with `onParametersChange`. */
  parameters?: ParameterValueMap;
  /** Called with all filter values whenever the user changes one. */
  onParametersChange?: (parameters: ParameterValueMap) => void;
  /** Slugs of filters not to show (their values still apply; this hides UI only). */
  hiddenParameters?: string[];
  /** Show the dashboard's name. Default `true`. */
  withTitle?: boolean;
  /** A CSV download button on each card. Default `false`. */
  withDownloads?: boolean;
  /** Drill-through: click a bar, point, slice or summary row to see the rows behind it. Default `true`. */
  interactive?: boolean;
  /** Called once, when the dashboard and every card's first result have arrived. */
  onLoad?: (dashboard: DashboardData) => void;
  /** Overrides the provider's theme for this dashboard. */
  theme?: Theme;
  /** Replace the loading, empty and error states. */
  components?: Partial<EmbedComponents>;
  className?: string;
  style?: CSSProperties;
}

/**
 * A dashboard, rendered natively: filter bar, cards on the 24-column grid (one column on narrow
 * screens), charts, tables and numbers, with drill-through and CSV downloads.
 * @example
 * <Dashboard id={1} withDownloads initialParameters={{ status: "shipped" }} hiddenParameters={["account_id"]} />
 */
export function Dashboard({
  id,
  initialParameters,
  parameters: controlledParameters,
  onParametersChange,
  hiddenParameters = [],
  withTitle = true,
  withDownloads = false,
  interactive = true,
  onLoad,
  theme,
  components,
  className,
  style,
}: DashboardProps) {
  const context = useEmbedContext("Dashboard");
  const auth = useEmbedAuth();
  const slots = useStateComponents(components);
  const source: DashboardSource = {
    kind: "session",
    dashboardId: id,
    session: context.session,
    client: context.queryClient,
    scope: context.scope,
  };
  const dashboard = useDashboardDefinition(source);
  const [parameters, setParameter] = useParameterState(
    controlledParameters,
    initialParameters,
    onParametersChange,
  );

  return (
    <EmbedRoot
      theme={mergeThemes(context.theme, theme)}
      className={className}
      style={style}
      aria-busy={dashboard.status === "loading"}
    >
      <DashboardStates
        definition={dashboard}
        blocker={
          auth.status === "error" && auth.error ? (
            <slots.Error target="auth" error={auth.error} retry={auth.retry} />
          ) : undefined
        }
        loadingTarget={auth.status === "loading" ? "auth" : "dashboard"}
        source={source}
        parameters={parameters}
        onParameterChange={setParameter}
        hiddenParameters={hiddenParameters}
        withTitle={withTitle}
        withDownloads={withDownloads}
        isInteractive={interactive}
        locale={context.locale}
        components={slots}
        onLoad={onLoad}
      />
    </EmbedRoot>
  );
}
