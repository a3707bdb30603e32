import { apiPaths } from "./internal/api-paths";
import { useEmbedContext } from "./internal/embed-context";
import { KEY_ROOT } from "./internal/query-defaults";
import { useEmbedQuery } from "./internal/use-embed-query";
import { isCollectionItems } from "./internal/wire-shapes";
import type { CollectionItem, EmbedQueryOptions, EmbedQueryState } from "./types";

/**
 * What a collection holds that the user may open (`"root"`: the top level).
 * @example
 * const items = useCollectionItems("root");
 */
export function useCollectionItems(
  collectionId: number | "root" = "root",
  options: EmbedQueryOptions = {},
): EmbedQueryState<CollectionItem[]> {
  const { session, queryClient, scope } = useEmbedContext("useCollectionItems");
  return useEmbedQuery({
    ...options,
    client: queryClient,
    queryKey: [KEY_ROOT, scope, "collection-items", collectionId],
    queryFn: async ({ signal }) =>
      (
        await session.request(
          apiPaths.collectionItems(collectionId),
          isCollectionItems,
          "collection",
          {
            signal,
          },
        )
      ).items,
  });
}
