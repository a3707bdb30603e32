import {
  keepPreviousData,
  type QueryClient,
  type QueryFunctionContext,
  useQuery,
} from "@tanstack/react-query";
import { useCallback } from "react";
import type { EmbedError, EmbedQueryOptions, EmbedQueryState } from "../types";
import { shouldRetry } from "./query-defaults";

export interface EmbedQuerySpec<T> extends EmbedQueryOptions {
  client: QueryClient;
  queryKey: readonly unknown[];
  queryFn: (context: QueryFunctionContext) => Promise<T>;
  /** Keep showing the last answer while new parameters load (no flash on a filter change). */
  keepPrevious?: boolean;
}

/**
 * useQuery on the SDK's client (passed explicitly, never taken from a host's
 * QueryClientProvider), with its state mapped to the SDK's `EmbedQueryState`.
 */
export function useEmbedQuery<T>(spec: EmbedQuerySpec<T>): EmbedQueryState<T> {
  const result = useQuery(
    {
      queryKey: spec.queryKey,
      queryFn: spec.queryFn,
      enabled: spec.enabled ?? true,
      retry: shouldRetry,
      throwOnError: spec.throwOnError ?? false,
      ...(spec.keepPrevious ? { placeholderData: keepPreviousData } : {}),
    },
    spec.client,
  );
  const { refetch: refetchQuery } = result;
  const refetch = useCallback(() => {
    void refetchQuery();
  }, [refetchQuery]);
  if (result.status === "error") {
    return {
      status: "error",
      data: result.data,
      error: result.error as unknown as EmbedError,
      isFetching: result.isFetching,
      refetch,
    };
  }
  if (result.status === "success") {
    return {
      status: "success",
      data: result.data,
      error: null,
      isFetching: result.isFetching,
      refetch,
    };
  }
  return {
    status: "loading",
    data: undefined,
    error: null,
    isFetching: result.isFetching,
    refetch,
  };
}

/** Parameters as a stable key and body: undefined dropped, keys sorted. */
export function normalizeParameters(parameters: Record<string, unknown> | undefined) {
  const normalized: Record<string, unknown> = {};
  for (const key of Object.keys(parameters ?? {}).sort()) {
    const value = parameters?.[key];
    if (value !== undefined) normalized[key] = value;
  }
  return normalized;
}
