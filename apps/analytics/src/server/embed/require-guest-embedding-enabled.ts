import "server-only";
import { ApiError } from "../http/api-error";

/**
 * THE guest-embedding switch check (Metabase's "enable embedding"): a token signed with the
 * embedding secret opens a dashboard or question only when an admin turned guest embedding on for
 * it. Every guest route (pages, API, queries, exports) goes through `openGuestDashboard` or
 * `openGuestQuestion`, which call this once the item is read; both read it at the request's
 * configuration version, so turning the switch off refuses the next request on every server.
 */
export function requireGuestEmbeddingEnabled(
  what: "dashboard" | "question",
  item: { id: number; guestEmbeddingEnabled: boolean },
): void {
  if (item.guestEmbeddingEnabled) return;
  throw new ApiError(
    "guest_embedding_disabled",
    403,
    `Guest embedding is turned off for ${what} ${item.id}. An administrator can turn it on in the admin console (Content and embedding).`,
  );
}
