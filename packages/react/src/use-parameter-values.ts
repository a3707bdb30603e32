import { apiPaths } from "./internal/api-paths";
import { useEmbedContext } from "./internal/embed-context";
import { KEY_ROOT } from "./internal/query-defaults";
import { useEmbedQuery } from "./internal/use-embed-query";
import { isParameterValues } from "./internal/wire-shapes";
import type { EmbedQueryOptions, EmbedQueryState, ParameterValues } from "./types";

/**
 * The values a dashboard filter may take (only those the user's policy lets them see).
 * @example
 * const statuses = useParameterValues(1, "status");
 * const filtered = useParameterValues(1, "status", "ship"); // server-side search
 */
export function useParameterValues(
  dashboardId: number,
  slug: string,
  search?: string,
  options: EmbedQueryOptions = {},
): EmbedQueryState<ParameterValues> {
  const { session, queryClient, scope } = useEmbedContext("useParameterValues");
  return useEmbedQuery({
    ...options,
    client: queryClient,
    keepPrevious: true,
    queryKey: [KEY_ROOT, scope, "parameter-values", dashboardId, slug, search ?? ""],
    queryFn: ({ signal }) =>
      session.request(
        apiPaths.parameterValues(dashboardId, slug, search),
        isParameterValues,
        "parameter values",
        { signal },
      ),
  });
}
