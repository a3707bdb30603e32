import { apiPaths, jsonPost } from "./internal/api-paths";
import { useEmbedContext } from "./internal/embed-context";
import { KEY_ROOT } from "./internal/query-defaults";
import { useEmbedQuery } from "./internal/use-embed-query";
import { isQueryResult } from "./internal/wire-shapes";
import type { EmbedQueryOptions, EmbedQueryState, QueryResult } from "./types";

/**
 * The result of a saved question (`POST /api/card/:id/query`), under the user's policy.
 * @example
 * const result = useCardResult(7);
 * if (result.status === "success") console.log(result.data.rowCount);
 */
export function useCardResult(
  cardId: number,
  options: EmbedQueryOptions = {},
): EmbedQueryState<QueryResult> {
  const { session, queryClient, scope } = useEmbedContext("useCardResult");
  return useEmbedQuery({
    ...options,
    client: queryClient,
    queryKey: [KEY_ROOT, scope, "card-result", cardId],
    queryFn: ({ signal }) =>
      session.request(
        apiPaths.cardQuery(cardId),
        isQueryResult,
        "query result",
        jsonPost({}, signal),
      ),
  });
}
