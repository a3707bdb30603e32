import { apiPaths } from "./internal/api-paths";
import { useEmbedContext } from "./internal/embed-context";
import { KEY_ROOT } from "./internal/query-defaults";
import { useEmbedQuery } from "./internal/use-embed-query";
import { isCurrentUser } from "./internal/wire-shapes";
import type { CurrentUser, EmbedQueryOptions, EmbedQueryState } from "./types";

/**
 * Who the session belongs to, with groups and attributes, as the analytics server sees them.
 * @example
 * const user = useCurrentUser();
 * if (user.status === "success") console.log(user.data.email);
 */
export function useCurrentUser(options: EmbedQueryOptions = {}): EmbedQueryState<CurrentUser> {
  const { session, queryClient, scope } = useEmbedContext("useCurrentUser");
  return useEmbedQuery({
    ...options,
    client: queryClient,
    queryKey: [KEY_ROOT, scope, "current-user"],
    queryFn: ({ signal }) =>
      session.request(apiPaths.currentUser, isCurrentUser, "current user", { signal }),
  });
}
