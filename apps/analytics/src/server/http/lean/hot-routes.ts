import "server-only";
import * as cardQueryRoute from "~/app/api/card/[id]/query/route";
import * as cardRoute from "~/app/api/card/[id]/route";
import * as collectionItemsRoute from "~/app/api/collection/[id]/items/route";
import * as dashcardDrillRoute from "~/app/api/dashboard/[id]/cards/[dashcardId]/drill/route";
import * as dashcardQueryRoute from "~/app/api/dashboard/[id]/cards/[dashcardId]/query/route";
import * as parameterValuesRoute from "~/app/api/dashboard/[id]/params/[slug]/values/route";
import * as dashboardRoute from "~/app/api/dashboard/[id]/route";
import * as datasetRoute from "~/app/api/dataset/route";
import * as guestDashcardQueryRoute from "~/app/api/embed/dashboard/[token]/cards/[dashcardId]/query/route";
import * as guestDashboardRoute from "~/app/api/embed/dashboard/[token]/route";
import * as guestQuestionQueryRoute from "~/app/api/embed/question/[token]/query/route";
import * as guestQuestionRoute from "~/app/api/embed/question/[token]/route";
import * as healthRoute from "~/app/api/health/route";
import * as metadataRoute from "~/app/api/metadata/route";
import * as ssoExchangeRoute from "~/app/api/session/sso/route";
import * as currentUserRoute from "~/app/api/user/current/route";
import type { LeanRoute } from "./lean-dispatcher";

/**
 * The hot JSON routes, served on the lean path (lean-dispatcher.ts) by their route files' own
 * handlers: what the SDK and guest embeds call on every page view and filter change. Pages, the
 * console, the admin API, sign-in pages, next-auth and streamed exports stay with Next.js. Each
 * pattern is its route file's folder (`[id]` → `:id`), which a test checks.
 */
export const HOT_ROUTES: readonly LeanRoute[] = [
  { pattern: "/api/session/sso", module: ssoExchangeRoute },
  { pattern: "/api/user/current", module: currentUserRoute },
  { pattern: "/api/health", module: healthRoute },
  { pattern: "/api/metadata", module: metadataRoute },
  { pattern: "/api/dataset", module: datasetRoute },
  { pattern: "/api/collection/:id/items", module: collectionItemsRoute },
  { pattern: "/api/dashboard/:id", module: dashboardRoute },
  { pattern: "/api/dashboard/:id/cards/:dashcardId/query", module: dashcardQueryRoute },
  { pattern: "/api/dashboard/:id/cards/:dashcardId/drill", module: dashcardDrillRoute },
  { pattern: "/api/dashboard/:id/params/:slug/values", module: parameterValuesRoute },
  { pattern: "/api/card/:id", module: cardRoute },
  { pattern: "/api/card/:id/query", module: cardQueryRoute },
  { pattern: "/api/embed/dashboard/:token", module: guestDashboardRoute },
  {
    pattern: "/api/embed/dashboard/:token/cards/:dashcardId/query",
    module: guestDashcardQueryRoute,
  },
  { pattern: "/api/embed/question/:token", module: guestQuestionRoute },
  { pattern: "/api/embed/question/:token/query", module: guestQuestionQueryRoute },
];
