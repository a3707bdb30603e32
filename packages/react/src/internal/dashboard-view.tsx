import type { ReactNode } from "react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { DashboardData, EmbedComponents, EmbedQueryState, ParameterValueMap } from "../types";
import type { DashboardSource } from "./dashboard-source";
import { DashcardView, type DrillTarget } from "./dashcard-view";
import { DrillView } from "./drill-view";
import { ParameterBar } from "./parameter-bar";

export interface DashboardViewProps {
  dashboard: DashboardData;
  source: DashboardSource;
  parameters: ParameterValueMap;
  onParameterChange: (slug: string, value: unknown) => void;
  hiddenParameters: readonly string[];
  withTitle: boolean;
  withDownloads: boolean;
  isInteractive: boolean;
  locale: string | undefined;
  components: EmbedComponents;
  onLoad?: ((dashboard: DashboardData) => void) | undefined;
}

/**
 * A dashboard through its states, the same for `Dashboard` and `GuestDashboard`: a problem found
 * before asking (`blocker`: sign-in failed, no server URL), then the definition's error, its
 * loading, and at last the dashboard itself.
 */
export function DashboardStates({
  definition,
  blocker,
  loadingTarget,
  ...view
}: Omit<DashboardViewProps, "dashboard"> & {
  definition: EmbedQueryState<DashboardData>;
  blocker?: ReactNode;
  /** What the loading state says it waits for: sign-in, or the dashboard. */
  loadingTarget: "auth" | "dashboard";
}) {
  const { Error: ErrorState, Loading } = view.components;
  if (blocker) return blocker;
  if (definition.status === "error") {
    return <ErrorState target="dashboard" error={definition.error} retry={definition.refetch} />;
  }
  if (definition.status === "loading") return <Loading target={loadingTarget} />;
  return <DashboardView dashboard={definition.data} {...view} />;
}

/** A loaded dashboard: title, filter bar, and its cards on the 24-column grid (or a drill-through). */
export function DashboardView({
  dashboard,
  source,
  parameters,
  onParameterChange,
  hiddenParameters,
  withTitle,
  withDownloads,
  isInteractive,
  locale,
  components,
  onLoad,
}: DashboardViewProps) {
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const cards = useMemo(
    () => [...dashboard.cards].sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x),
    [dashboard.cards],
  );
  const visibleParameters = dashboard.parameters.filter(
    (parameter) => !hiddenParameters.includes(parameter.slug),
  );

  // onLoad: once, when every card has its first answer (success or error).
  const settled = useRef(new Set<number>());
  const hasLoaded = useRef(false);
  const onLoadRef = useRef(onLoad);
  onLoadRef.current = onLoad;
  const onSettled = useCallback(
    (dashcardId: number) => {
      settled.current.add(dashcardId);
      if (!hasLoaded.current && cards.every((card) => settled.current.has(card.id))) {
        hasLoaded.current = true;
        onLoadRef.current?.(dashboard);
      }
    },
    [cards, dashboard],
  );
  useEffect(() => {
    if (cards.length === 0 && !hasLoaded.current) {
      hasLoaded.current = true;
      onLoadRef.current?.(dashboard);
    }
  }, [cards.length, dashboard]);

  return (
    <>
      {withTitle ? <h2 className="embed-title">{dashboard.name}</h2> : null}
      {drill ? (
        <DrillView
          target={drill}
          dashboard={dashboard}
          parameters={parameters}
          locale={locale}
          components={components}
          canQueryServer={source.kind === "session"}
          onBack={() => setDrill(null)}
        />
      ) : (
        <>
          <ParameterBar
            parameters={visibleParameters}
            values={parameters}
            onChange={onParameterChange}
            dashboardId={source.kind === "session" ? source.dashboardId : undefined}
          />
          {cards.length === 0 ? (
            <components.Empty target="dashboard" message="This dashboard has no cards yet." />
          ) : (
            <div className="embed-grid">
              <div className="embed-grid-inner">
                {cards.map((card) => (
                  <DashcardView
                    key={card.id}
                    card={card}
                    source={source}
                    parameters={parameters}
                    withDownloads={withDownloads}
                    isInteractive={isInteractive}
                    locale={locale}
                    components={components}
                    onSettled={onSettled}
                    onDrill={setDrill}
                  />
                ))}
              </div>
            </div>
          )}
        </>
      )}
    </>
  );
}

/** Uncontrolled (`initialParameters`) or controlled (`parameters` + `onParametersChange`) values. */
export function useParameterState(
  controlled: ParameterValueMap | undefined,
  initial: ParameterValueMap | undefined,
  onChange: ((next: ParameterValueMap) => void) | undefined,
) {
  const [own, setOwn] = useState<ParameterValueMap>(() => initial ?? {});
  const values = controlled ?? own;
  const valuesRef = useRef(values);
  valuesRef.current = values;
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const isControlled = controlled !== undefined;
  const setValue = useCallback(
    (slug: string, value: unknown) => {
      const next = { ...valuesRef.current, [slug]: value };
      if (!isControlled) setOwn(next);
      onChangeRef.current?.(next);
    },
    [isControlled],
  );
  return [values, setValue] as const;
}
