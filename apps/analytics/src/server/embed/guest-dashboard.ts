import "server-only";
import { createHash } from "node:crypto";
import { currentConfigVersion } from "../cache/current-config-version";
import {
  loadDashboardDefinition,
  loadVisibleDashboard,
  structuredQueryOf,
  tablesOf,
  type VisibleDashboard,
} from "../content/content";
import { type ContentViewer, contentViewerForGuest } from "../content/content-viewer";
import type { DashboardParameter } from "../content/parameters";
import { ApiError } from "../http/api-error";
import {
  lockedSlugsOf,
  lockedValuesFromToken,
  mergeGuestParameterValues,
} from "./guest-parameters";
import { requireGuestEmbeddingEnabled } from "./require-guest-embedding-enabled";
import { type GuestPayload, verifyGuestToken } from "./verify-guest-token";

export interface GuestDashboard {
  viewer: ContentViewer;
  dashboard: VisibleDashboard;
  /** Parameters the viewer may set (embedding `enabled`). */
  editable: DashboardParameter[];
  /** Values fixed by the token (embedding `locked`). */
  locked: Record<string, unknown>;
}

/** A guest's heavy-query limit counts per token; the hash keeps the token out of memory dumps. */
export function guestQueryLimitKey(token: string): string {
  return `guest:${createHash("sha256").update(token).digest("hex")}`;
}

/**
 * Opens the dashboard a guest token names. The guest sees its cards' tables in full, narrowed by
 * the locked parameters, whose values come only from the signed token; a locked value that would
 * filter nothing (unset, blank, empty, open) is refused rather than left open.
 */
export async function openGuestDashboard(token: string): Promise<GuestDashboard> {
  const payload: GuestPayload = await verifyGuestToken(token);
  if (!("dashboard" in payload.resource)) {
    throw new ApiError("guest_token_invalid", 400, "This token opens a question, not a dashboard.");
  }
  const dashboardId = payload.resource.dashboard;
  // No session to bring the configuration version along: the request's one short query for it.
  const configVersion = await currentConfigVersion();
  const definition = await loadDashboardDefinition(dashboardId, configVersion);
  // A missing dashboard stays the 404 `loadVisibleDashboard` answers below.
  if (definition) requireGuestEmbeddingEnabled("dashboard", definition);
  const tablesBySource = new Map<number, Set<string>>();
  for (const { card } of definition?.cards ?? []) {
    const query = structuredQueryOf(card);
    if (!query) continue;
    const tables = tablesBySource.get(card.dataSourceId) ?? new Set<string>();
    for (const table of tablesOf(query)) tables.add(table);
    tablesBySource.set(card.dataSourceId, tables);
  }
  const viewer = contentViewerForGuest(
    tablesBySource,
    configVersion,
    lockedSlugsOf(definition?.parameters ?? []),
    guestQueryLimitKey(token),
  );
  const dashboard = await loadVisibleDashboard(dashboardId, viewer);
  const locked = lockedValuesFromToken(dashboard.parameters, payload.params);
  const editable = dashboard.parameters.filter((parameter) => parameter.embedding === "enabled");
  return { viewer, dashboard, editable, locked };
}

/**
 * The parameter values of a guest query: the viewer's values for editable parameters, plus the
 * token's locked ones. Setting a locked or disabled parameter is refused, not ignored.
 */
export function guestParameterValues(
  guest: GuestDashboard,
  requested: Record<string, unknown>,
): Record<string, unknown> {
  return mergeGuestParameterValues(guest.dashboard.parameters, guest.locked, requested);
}
