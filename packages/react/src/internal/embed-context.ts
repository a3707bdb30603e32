import type { QueryClient } from "@tanstack/react-query";
import { createContext, useContext } from "react";
import type { EmbedComponents, EmbedError, Theme } from "../types";
import type { Session } from "./session";

export interface EmbedContextValue {
  instanceUrl: string;
  session: Session;
  queryClient: QueryClient;
  /** Per provider: keys never let one provider's (one session's) cache serve another. */
  scope: string;
  locale: string | undefined;
  theme: Theme | undefined;
  components: Partial<EmbedComponents> | undefined;
  onError: ((error: EmbedError) => void) | undefined;
}

export const EmbedContext = createContext<EmbedContextValue | null>(null);

/** The provider's context, or a clear message for a component used outside it. */
export function useEmbedContext(what: string): EmbedContextValue {
  const context = useContext(EmbedContext);
  if (!context) {
    throw new Error(
      `${what} must be rendered inside <EmbedProvider config={{ instanceUrl, auth }}>.`,
    );
  }
  return context;
}

/** The context when present (components that also work without a provider, e.g. guests). */
export function useOptionalEmbedContext(): EmbedContextValue | null {
  return useContext(EmbedContext);
}
