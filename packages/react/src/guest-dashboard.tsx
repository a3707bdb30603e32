import type { CSSProperties } from "react";
import { useState } from "react";
import type { DashboardSource } from "./internal/dashboard-source";
import { useDashboardDefinition } from "./internal/dashboard-source";
import { DashboardStates, useParameterState } from "./internal/dashboard-view";
import { useOptionalEmbedContext } from "./internal/embed-context";
import { EmbedRoot } from "./internal/embed-root";
import { normalizeInstanceUrl } from "./internal/http";
import { createEmbedQueryClient } from "./internal/query-defaults";
import { useStateComponents } from "./internal/states";
import { mergeThemes } from "./internal/theme";
import type { DashboardData, EmbedComponents, ParameterValueMap, Theme } from "./types";

/** Props of `GuestDashboard`. */
export interface GuestDashboardProps {
  /** A guest-embed token your backend signed (`signGuestEmbedToken` in `@embed/node`). */
  token: string;
  /** The analytics server; defaults to the surrounding `EmbedProvider`'s. */
  instanceUrl?: string;
  /** Uncontrolled: values of the editable filters to start with. */
  initialParameters?: ParameterValueMap;
  /** Controlled: values of the editable filters; pair with `onParametersChange`. */
  parameters?: ParameterValueMap;
  onParametersChange?: (parameters: ParameterValueMap) => void;
  /** Slugs of editable filters not to show. Locked ones are never listed by the server. */
  hiddenParameters?: string[];
  /** Show the dashboard's name. Default `true`. */
  withTitle?: boolean;
  /** Click a chart or summary row to see that card's rows for the value. Default `true`. */
  interactive?: boolean;
  onLoad?: (dashboard: DashboardData) => void;
  /** Locale for numbers and dates; defaults to the provider's, then the browser's. */
  locale?: string;
  theme?: Theme;
  components?: Partial<EmbedComponents>;
  className?: string;
  style?: CSSProperties;
}

/**
 * A guest-embed dashboard rendered natively — no iframe, no sign-in: the signed token is the
 * grant, and locked filters come only from it. Works with or without an `EmbedProvider`.
 * @example
 * <GuestDashboard instanceUrl="https://analytics.example.com" token={tokenFromYourBackend} />
 */
export function GuestDashboard({
  token,
  instanceUrl,
  initialParameters,
  parameters: controlledParameters,
  onParametersChange,
  hiddenParameters = [],
  withTitle = true,
  interactive = true,
  onLoad,
  locale,
  theme,
  components,
  className,
  style,
}: GuestDashboardProps) {
  const context = useOptionalEmbedContext();
  const [ownClient] = useState(createEmbedQueryClient);
  const slots = useStateComponents(components);
  const baseUrl = normalizeInstanceUrl(instanceUrl ?? context?.instanceUrl ?? "");
  const source: DashboardSource = {
    kind: "guest",
    token,
    instanceUrl: baseUrl,
    client: context?.queryClient ?? ownClient,
  };
  const dashboard = useDashboardDefinition(source, baseUrl !== "");
  const [parameters, setParameter] = useParameterState(
    controlledParameters,
    initialParameters,
    onParametersChange,
  );

  return (
    <EmbedRoot
      theme={mergeThemes(context?.theme, theme)}
      className={className}
      style={style}
      aria-busy={dashboard.status === "loading"}
    >
      <DashboardStates
        definition={dashboard}
        blocker={
          baseUrl === "" ? (
            <slots.Error
              target="dashboard"
              error={{
                code: "client_misconfigured",
                message: "GuestDashboard needs an instanceUrl (or an EmbedProvider around it).",
              }}
            />
          ) : undefined
        }
        loadingTarget="dashboard"
        source={source}
        parameters={parameters}
        onParameterChange={setParameter}
        hiddenParameters={hiddenParameters}
        withTitle={withTitle}
        withDownloads={false}
        isInteractive={interactive}
        locale={locale ?? context?.locale}
        components={slots}
        onLoad={onLoad}
      />
    </EmbedRoot>
  );
}
