import { apiPaths } from "./internal/api-paths";
import { useEmbedContext } from "./internal/embed-context";
import { KEY_ROOT } from "./internal/query-defaults";
import { useEmbedQuery } from "./internal/use-embed-query";
import { isDashboardData } from "./internal/wire-shapes";
import type { DashboardData, EmbedQueryOptions, EmbedQueryState } from "./types";

/**
 * A dashboard's definition: name, parameters and the cards the user may see (404 → `dashboard_not_found`).
 * @example
 * const dashboard = useDashboard(1);
 * if (dashboard.status === "success") console.log(dashboard.data.cards.length);
 */
export function useDashboard(
  id: number,
  options: EmbedQueryOptions = {},
): EmbedQueryState<DashboardData> {
  const { session, queryClient, scope } = useEmbedContext("useDashboard");
  return useEmbedQuery({
    ...options,
    client: queryClient,
    queryKey: [KEY_ROOT, scope, "dashboard", id],
    queryFn: ({ signal }) =>
      session.request(apiPaths.dashboard(id), isDashboardData, "dashboard", { signal }),
  });
}
