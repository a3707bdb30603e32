import type { QueryClient } from "@tanstack/react-query";
import {
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { EmbedContext, type EmbedContextValue, useEmbedContext } from "./internal/embed-context";
import { normalizeInstanceUrl } from "./internal/http";
import { createEmbedQueryClient, KEY_ROOT } from "./internal/query-defaults";
import { type AuthConfig, type AuthSnapshot, Session } from "./internal/session";
import type { EmbedComponents, EmbedError, Theme } from "./types";

/** How the host proves who its user is (the analytics server verifies; the SDK only carries it). */
export type EmbedAuthConfig = AuthConfig;

/** Where the analytics server is and how to sign in to it. */
export interface EmbedConfig {
  /** The analytics server's URL, e.g. `"https://analytics.example.com"`. */
  instanceUrl: string;
  /**
   * `{ jwtProviderUri }`: a host URL answering `{ "jwt": "…" }` (called with the host's cookies),
   * or `{ fetchRequestToken }`: a function resolving to `{ jwt }`.
   */
  auth: EmbedAuthConfig;
}

/** Props of `EmbedProvider`. */
export interface EmbedProviderProps {
  config: EmbedConfig;
  /** A @tanstack/react-query v5 client to share; by default the SDK keeps its own, isolated one. */
  queryClient?: QueryClient;
  /** BCP 47 locale for numbers and dates (`"de-DE"`); default: the browser's. */
  locale?: string;
  /** Default theme of every SDK component below (each may override it). */
  theme?: Theme;
  /** Called with every error the SDK surfaces (sign-in failures and failed requests). */
  onError?: (error: EmbedError) => void;
  /** Default loading, empty and error states of every SDK component below. */
  components?: Partial<EmbedComponents>;
  children?: ReactNode;
}

/**
 * Signs the host's user in to the analytics server and gives every SDK component below its
 * session, data cache, locale and theme. Renders no element of its own.
 * @example
 * <EmbedProvider config={{ instanceUrl: "https://analytics.example.com", auth: { jwtProviderUri: "/api/analytics/token" } }}>
 *   <Dashboard id={1} />
 * </EmbedProvider>
 */
export function EmbedProvider({
  config,
  queryClient,
  locale,
  theme,
  onError,
  components,
  children,
}: EmbedProviderProps) {
  const instanceUrl = normalizeInstanceUrl(config.instanceUrl);
  // The latest auth and onError, read when needed: an inline object or arrow function on every
  // render must not restart the session (that would re-fetch and flash every component).
  const authRef = useRef(config.auth);
  authRef.current = config.auth;
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;
  const providerUri = "jwtProviderUri" in config.auth ? config.auth.jwtProviderUri : undefined;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new provider URI is a new identity
  const session = useMemo(
    () =>
      new Session({
        instanceUrl,
        getAuth: () => authRef.current,
        onError: (error) => onErrorRef.current?.(error),
      }),
    [instanceUrl, providerUri],
  );
  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);

  const [ownClient] = useState(createEmbedQueryClient);
  const client = queryClient ?? ownClient;
  useEffect(() => {
    // What QueryClientProvider would do; reference-counted, so sharing the host's client is fine.
    client.mount();
    return () => client.unmount();
  }, [client]);

  const scope = `${useId()}|${instanceUrl}|${providerUri ?? ""}`;
  useEffect(() => {
    // Queries that failed while signed out get a new chance once a retry signs in again.
    let hadError = session.getSnapshot().status === "error";
    return session.subscribe(() => {
      const status = session.getSnapshot().status;
      if (status === "error") hadError = true;
      if (status === "authenticated" && hadError) {
        hadError = false;
        void client.refetchQueries({
          queryKey: [KEY_ROOT, scope],
          predicate: (query) => query.state.status === "error",
        });
      }
    });
  }, [session, client, scope]);
  const reportError = useCallback((error: EmbedError) => onErrorRef.current?.(error), []);
  const value = useMemo<EmbedContextValue>(
    () => ({
      instanceUrl,
      session,
      queryClient: client,
      scope,
      locale,
      theme,
      components,
      onError: reportError,
    }),
    [instanceUrl, session, client, scope, locale, theme, components, reportError],
  );
  return <EmbedContext.Provider value={value}>{children}</EmbedContext.Provider>;
}

/** The sign-in state: `loading` until the first session, then `authenticated` or `error`. */
export interface EmbedAuthState {
  status: AuthSnapshot["status"];
  error?: EmbedError;
  /** After an error: exchange a fresh JWT again. */
  retry: () => void;
}

const SERVER_SNAPSHOT: AuthSnapshot = { status: "loading" };

/**
 * The provider's sign-in state. Renewals do not change it (no re-render, no flash).
 * @example
 * const auth = useEmbedAuth();
 * if (auth.status === "error") return <p>{auth.error?.code}</p>;
 */
export function useEmbedAuth(): EmbedAuthState {
  const { session } = useEmbedContext("useEmbedAuth");
  const snapshot = useSyncExternalStore(
    session.subscribe,
    session.getSnapshot,
    () => SERVER_SNAPSHOT,
  );
  const retry = useCallback(() => {
    void session.retry();
  }, [session]);
  return snapshot.status === "error"
    ? { status: "error", error: snapshot.error, retry }
    : { status: snapshot.status, retry };
}
