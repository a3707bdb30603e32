import { apiPaths, jsonPost } from "./internal/api-paths";
import { useEmbedContext } from "./internal/embed-context";
import { KEY_ROOT } from "./internal/query-defaults";
import { useEmbedQuery } from "./internal/use-embed-query";
import { isQueryResult } from "./internal/wire-shapes";
import type { EmbedQueryOptions, EmbedQueryState, QueryResult, StructuredQuery } from "./types";

/**
 * An ad-hoc structured query (`POST /api/dataset`), under the user's policy; `null` stays idle.
 * @example
 * const counts = useDataset({ source: "orders", aggregations: [["count"]], breakouts: ["status"] });
 */
export function useDataset(
  query: StructuredQuery | null,
  options: EmbedQueryOptions = {},
): EmbedQueryState<QueryResult> {
  const { session, queryClient, scope } = useEmbedContext("useDataset");
  return useEmbedQuery({
    ...options,
    enabled: query !== null && (options.enabled ?? true),
    client: queryClient,
    queryKey: [KEY_ROOT, scope, "dataset", query],
    queryFn: ({ signal }) =>
      session.request(apiPaths.dataset, isQueryResult, "query result", jsonPost(query, signal)),
  });
}
