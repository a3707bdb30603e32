import "server-only";
import { runDashcard, type VisibleDashboard } from "~/server/content/content";
import type { ContentViewer } from "~/server/content/content-viewer";
import type { DashboardParameter } from "~/server/content/parameters";
import { publicError } from "~/server/http/api-error";
import { logger } from "~/server/logger";
import type { GridCard } from "./dashboard-grid";

/** Runs every card of a dashboard for a page; one failing card shows its error, not the page's. */
export async function loadGridCards(
  viewer: ContentViewer,
  dashboard: VisibleDashboard,
  values: Record<string, unknown>,
  parameters?: DashboardParameter[],
): Promise<GridCard[]> {
  return Promise.all(
    dashboard.cards.map(async (dashcard) => {
      const base = {
        id: dashcard.id,
        title: dashcard.titleOverride ?? dashcard.card.name,
        display: dashcard.card.display,
        visualizationSettings: (dashcard.card.visualizationSettings ?? {}) as Record<
          string,
          unknown
        >,
        layout: { x: dashcard.x, y: dashcard.y, w: dashcard.w, h: dashcard.h },
      };
      try {
        const { result } = await runDashcard(
          viewer,
          dashboard,
          dashcard.id,
          values,
          parameters ? { parameters } : {},
        );
        return { ...base, result };
      } catch (error) {
        const known = publicError(error);
        if (!known)
          logger.error("a dashboard card failed on a page", { dashcardId: dashcard.id, error });
        return {
          ...base,
          error: known ?? {
            code: "internal_error" as const,
            message: "This card could not be loaded.",
          },
        };
      }
    }),
  );
}
