import { apiPaths } from "./internal/api-paths";
import { useEmbedContext } from "./internal/embed-context";
import { KEY_ROOT } from "./internal/query-defaults";
import { useEmbedQuery } from "./internal/use-embed-query";
import { isQuestionData } from "./internal/wire-shapes";
import type { EmbedQueryOptions, EmbedQueryState, QuestionData } from "./types";

/**
 * A saved question's definition (name, display, settings; its query only for admins).
 * @example
 * const question = useQuestion(7);
 * if (question.status === "error") console.log(question.error.code); // "card_not_found"
 */
export function useQuestion(
  id: number,
  options: EmbedQueryOptions = {},
): EmbedQueryState<QuestionData> {
  const { session, queryClient, scope } = useEmbedContext("useQuestion");
  return useEmbedQuery({
    ...options,
    client: queryClient,
    queryKey: [KEY_ROOT, scope, "card", id],
    queryFn: ({ signal }) =>
      session.request(apiPaths.card(id), isQuestionData, "question", { signal }),
  });
}
