import { QueryClient } from "@tanstack/react-query";
import type { EmbedError } from "../types";

// Worth another try: the network, a warehouse that is briefly away, or a session at its limit of
// concurrent queries (a dashboard with more cards than the limit: the rest follow a moment later).
// Everything else (4xx, policy refusals) will answer the same again.
const TRANSIENT = new Set([
  "network_error",
  "warehouse_unavailable",
  "query_timeout",
  "too_many_queries",
]);

export function shouldRetry(failureCount: number, error: unknown): boolean {
  return failureCount < 2 && TRANSIENT.has((error as EmbedError | undefined)?.code ?? "");
}

/** The SDK's own client, when the host passes none: isolated from any client the host has. */
export function createEmbedQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 60_000,
        gcTime: 5 * 60_000,
        refetchOnWindowFocus: false,
        retry: shouldRetry,
      },
    },
  });
}

/** The root of every query key the SDK writes. */
export const KEY_ROOT = "@embed/react";
