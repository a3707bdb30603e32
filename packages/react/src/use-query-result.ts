import { apiPaths, jsonPost } from "./internal/api-paths";
import { useEmbedContext } from "./internal/embed-context";
import { KEY_ROOT } from "./internal/query-defaults";
import { normalizeParameters, useEmbedQuery } from "./internal/use-embed-query";
import { isQueryResult } from "./internal/wire-shapes";
import type { EmbedQueryOptions, EmbedQueryState, ParameterValueMap, QueryResult } from "./types";

/**
 * The result of one dashboard card with the dashboard's filter values applied. While new
 * parameters load, the previous result stays in `data` (`isFetching` is true).
 * @example
 * const result = useQueryResult(1, 3, { status: "shipped" });
 */
export function useQueryResult(
  dashboardId: number,
  dashcardId: number,
  parameters: ParameterValueMap = {},
  options: EmbedQueryOptions = {},
): EmbedQueryState<QueryResult> {
  const { session, queryClient, scope } = useEmbedContext("useQueryResult");
  const values = normalizeParameters(parameters);
  return useEmbedQuery({
    ...options,
    client: queryClient,
    keepPrevious: true,
    queryKey: [KEY_ROOT, scope, "dashcard-result", dashboardId, dashcardId, values],
    queryFn: ({ signal }) =>
      session.request(
        apiPaths.dashcardQuery(dashboardId, dashcardId),
        isQueryResult,
        "query result",
        jsonPost({ parameters: values }, signal),
      ),
  });
}
