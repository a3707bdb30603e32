import { type CSSProperties, useEffect, useRef } from "react";
import { useEmbedAuth } from "./embed-provider";
import { csvFilename, resultToCsv, saveBlob } from "./internal/download";
import { useEmbedContext } from "./internal/embed-context";
import { EmbedRoot } from "./internal/embed-root";
import { useStateComponents } from "./internal/states";
import { mergeThemes } from "./internal/theme";
import { VisualizationBody } from "./internal/visualization-body";
import type { EmbedComponents, QueryResult, QuestionData, Theme } from "./types";
import { useCardResult } from "./use-card-result";
import { useQuestion } from "./use-question";

/** Props of `Question`. */
export interface QuestionProps {
  /** The saved question's (card's) id. */
  id: number;
  /** Show the question's name. Default `true`. */
  withTitle?: boolean;
  /** A CSV download of the rows shown. Default `false`. */
  withDownloads?: boolean;
  /** Height of the chart area, e.g. `320` or `"40vh"`. Default `320`. */
  height?: number | string;
  /** Called once the question and its result have arrived. */
  onLoad?: (question: QuestionData, result: QueryResult) => void;
  theme?: Theme;
  components?: Partial<EmbedComponents>;
  className?: string;
  style?: CSSProperties;
}

/**
 * One saved question, drawn as its display says (table, number, bar, line, area, pie).
 * @example
 * <Question id={7} height={280} />
 */
export function Question({
  id,
  withTitle = true,
  withDownloads = false,
  height = 320,
  onLoad,
  theme,
  components,
  className,
  style,
}: QuestionProps) {
  const context = useEmbedContext("Question");
  const auth = useEmbedAuth();
  const slots = useStateComponents(components);
  // Definition and result are fetched in parallel.
  const question = useQuestion(id);
  const result = useCardResult(id);
  const isReady = question.status === "success" && result.status === "success";
  useOnce(isReady, () => {
    if (question.data && result.data) onLoad?.(question.data, result.data);
  });

  const error =
    auth.status === "error" && auth.error
      ? { target: "auth" as const, error: auth.error, retry: auth.retry }
      : question.status === "error"
        ? { target: "question" as const, error: question.error, retry: question.refetch }
        : result.status === "error"
          ? { target: "question" as const, error: result.error, retry: result.refetch }
          : null;

  return (
    <EmbedRoot
      theme={mergeThemes(context.theme, theme)}
      className={className ? `embed-question ${className}` : "embed-question"}
      style={style}
      aria-busy={!isReady && !error}
    >
      {error ? (
        <slots.Error target={error.target} error={error.error} retry={error.retry} />
      ) : question.data && result.data ? (
        <>
          {withTitle || withDownloads ? (
            <div className="embed-card-header">
              {withTitle ? <h3 className="embed-card-title">{question.data.name}</h3> : <span />}
              {withDownloads ? (
                <button
                  type="button"
                  className="embed-button"
                  aria-label={`Download ${question.data.name} as CSV`}
                  onClick={() => {
                    if (!question.data || !result.data) return;
                    saveBlob(
                      new Blob([resultToCsv(result.data)], { type: "text/csv;charset=utf-8" }),
                      csvFilename(question.data.name),
                    );
                  }}
                >
                  CSV
                </button>
              ) : null}
            </div>
          ) : null}
          <div className="embed-card-body" style={{ height }}>
            <VisualizationBody
              result={result.data}
              display={question.data.display}
              visualizationSettings={question.data.visualizationSettings}
              title={question.data.name}
              locale={context.locale}
              components={slots}
            />
          </div>
        </>
      ) : (
        <slots.Loading target={auth.status === "loading" ? "auth" : "question"} />
      )}
    </EmbedRoot>
  );
}

function useOnce(condition: boolean, run: () => void) {
  const hasRun = useRef(false);
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    if (condition && !hasRun.current) {
      hasRun.current = true;
      runRef.current();
    }
  }, [condition]);
}
