import type {
  EmbedComponents,
  EmptyStateProps,
  ErrorStateProps,
  LoadingStateProps,
} from "../types";
import { useOptionalEmbedContext } from "./embed-context";

function DefaultLoading({ target }: LoadingStateProps) {
  return (
    <div className="embed-state" data-embed-state="loading" role="status" aria-live="polite">
      <span>{target === "auth" ? "Signing in…" : "Loading…"}</span>
    </div>
  );
}

function DefaultEmpty({ message }: EmptyStateProps) {
  return (
    <div className="embed-state" data-embed-state="empty" role="status">
      <span>{message}</span>
    </div>
  );
}

function DefaultError({ error, retry }: ErrorStateProps) {
  return (
    <div className="embed-state" data-embed-state="error" role="alert">
      <span>{error.message}</span>
      <code data-embed-error-code={error.code}>{error.code}</code>
      {retry ? (
        <button type="button" className="embed-button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

const DEFAULTS: EmbedComponents = {
  Loading: DefaultLoading,
  Empty: DefaultEmpty,
  Error: DefaultError,
};

/** The state components to use: the component's own, else the provider's, else the defaults. */
export function useStateComponents(own: Partial<EmbedComponents> | undefined): EmbedComponents {
  const provided = useOptionalEmbedContext()?.components;
  return { ...DEFAULTS, ...provided, ...own };
}
