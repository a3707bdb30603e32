import type { QueryClient } from "@tanstack/react-query";
import type { DashboardData, EmbedQueryState, ParameterValueMap, QueryResult } from "../types";
import { apiPaths, jsonPost } from "./api-paths";
import { guestRequest } from "./guest-request";
import { KEY_ROOT } from "./query-defaults";
import type { Session } from "./session";
import { normalizeParameters, useEmbedQuery } from "./use-embed-query";
import { isDashboardData, isQueryResult } from "./wire-shapes";

/** Where a dashboard comes from: the signed-in session, or a guest-embed token (no session). */
export type DashboardSource =
  | { kind: "session"; dashboardId: number; session: Session; client: QueryClient; scope: string }
  | { kind: "guest"; token: string; instanceUrl: string; client: QueryClient };

function baseKey(source: DashboardSource): unknown[] {
  return source.kind === "session"
    ? [KEY_ROOT, source.scope]
    : [KEY_ROOT, "guest", source.instanceUrl, source.token];
}

/** The dashboard's definition; for a session the same cache entry as `useDashboard`. */
export function useDashboardDefinition(
  source: DashboardSource,
  enabled = true,
): EmbedQueryState<DashboardData> {
  return useEmbedQuery({
    enabled,
    client: source.client,
    queryKey:
      source.kind === "session"
        ? [...baseKey(source), "dashboard", source.dashboardId]
        : [...baseKey(source), "dashboard"],
    queryFn: ({ signal }) =>
      source.kind === "session"
        ? source.session.request(
            apiPaths.dashboard(source.dashboardId),
            isDashboardData,
            "dashboard",
            {
              signal,
            },
          )
        : guestRequest(
            source.instanceUrl,
            apiPaths.guestDashboard(source.token),
            isDashboardData,
            "dashboard",
            {
              signal,
            },
          ),
  });
}

/** One card's result; for a session the same cache entry as `useQueryResult`. */
export function useDashcardResult(
  source: DashboardSource,
  dashcardId: number,
  parameters: ParameterValueMap,
): EmbedQueryState<QueryResult> {
  const values = normalizeParameters(parameters);
  return useEmbedQuery({
    client: source.client,
    keepPrevious: true,
    queryKey:
      source.kind === "session"
        ? [...baseKey(source), "dashcard-result", source.dashboardId, dashcardId, values]
        : [...baseKey(source), "dashcard-result", dashcardId, values],
    queryFn: ({ signal }) =>
      source.kind === "session"
        ? source.session.request(
            apiPaths.dashcardQuery(source.dashboardId, dashcardId),
            isQueryResult,
            "query result",
            jsonPost({ parameters: values }, signal),
          )
        : guestRequest(
            source.instanceUrl,
            apiPaths.guestDashcardQuery(source.token, dashcardId),
            isQueryResult,
            "query result",
            jsonPost({ parameters: values }, signal),
          ),
  });
}
