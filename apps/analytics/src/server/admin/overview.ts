import "server-only";
import { SECRET_SETTING_KEYS } from "@embed/db";
import { listAuditEvents } from "../audit/list-audit-events";
import { getAppDatabase } from "../db/app-database";
import { logger } from "../logger";
import { describeSecret } from "../settings/secret-keys";
import { describeSettings } from "../settings/settings";
import { listDashboards } from "./dashboards";

export interface ChecklistItem {
  id: string;
  label: string;
  done: boolean;
  detail: string;
  /** The console page (or API) where it is fixed. */
  fixAt: string;
}

async function databaseHealth(): Promise<"ok" | "unavailable"> {
  try {
    const { prisma } = await getAppDatabase();
    await prisma.$queryRaw`SELECT 1`;
    return "ok";
  } catch (error) {
    logger.error("admin overview: app database unavailable", { error });
    return "unavailable";
  }
}

/** The console's overview: health, counts, recent logins and refusals, the embedding checklist. */
export async function describeOverview() {
  const database = await databaseHealth();
  const { prisma } = await getAppDatabase();
  const [users, groups, dashboardCount, dataSources, activeSessions] = await Promise.all([
    prisma.user.count(),
    prisma.group.count(),
    prisma.dashboard.count(),
    prisma.dataSource.count(),
    prisma.session.count({ where: { revokedAt: null, expiresAt: { gt: new Date() } } }),
  ]);
  const [logins, refusals, settings, ssoSecret, dashboards] = await Promise.all([
    listAuditEvents({ type: "user.login", limit: 5 }),
    listAuditEvents({ type: "user.login_failed", limit: 5 }),
    describeSettings(),
    describeSecret(SECRET_SETTING_KEYS.jwtSharedSecret),
    listDashboards({}),
  ]);
  // The audit rows name their actor by id: show who it was.
  const actorIds = [...logins, ...refusals].flatMap((event) =>
    event.actorUserId === null ? [] : [event.actorUserId],
  );
  const actors = new Map(
    (
      await prisma.user.findMany({
        where: { id: { in: actorIds } },
        select: { id: true, email: true },
      })
    ).map((user) => [user.id, user.email]),
  );
  const withActor = (events: typeof logins) =>
    events.map((event) => ({
      ...event,
      actorEmail: event.actorUserId === null ? null : (actors.get(event.actorUserId) ?? null),
    }));
  // Open to guest tokens AND narrowed by the token: a guest embed that shows one tenant's rows.
  const guestDashboards = dashboards.filter(
    (dashboard) =>
      dashboard.guestEmbeddingEnabled &&
      dashboard.parameters.some((parameter) => parameter.embedding === "locked"),
  );
  const checklist: ChecklistItem[] = [
    {
      id: "sso-secret",
      label: "SSO shared secret set",
      done: ssoSecret.source === "environment" || ssoSecret.source === "database",
      detail:
        ssoSecret.source === "development_default"
          ? "Using the published development secret: rotate in your own before going live."
          : `Source: ${ssoSecret.source}.`,
      fixAt: "/admin/sso#jwt_shared_secret",
    },
    {
      id: "authorized-origins",
      label: "Authorized origins",
      done: settings.sources.authorizedOrigins !== "default",
      detail:
        settings.values.authorizedOrigins.length === 0
          ? "No host may frame this server."
          : `${settings.values.authorizedOrigins.join(", ")} (${settings.sources.authorizedOrigins}).`,
      fixAt: "/admin/sso#authorizedOrigins",
    },
    {
      id: "idp-url",
      label: "Identity-provider URL",
      done: settings.sources.idpUrl !== "default",
      detail: `${settings.values.idpUrl} (${settings.sources.idpUrl}).`,
      fixAt: "/admin/sso#idpUrl",
    },
    {
      id: "guest-dashboard",
      label: "A dashboard enabled for guests (guest embedding on, a locked parameter)",
      done: guestDashboards.length > 0,
      detail:
        guestDashboards.length > 0
          ? guestDashboards.map((dashboard) => dashboard.name).join(", ")
          : "No dashboard has guest embedding on and a locked parameter yet.",
      fixAt: "/admin/content",
    },
  ];
  return {
    database,
    counts: { users, groups, dashboards: dashboardCount, dataSources, activeSessions },
    logins: withActor(logins),
    refusals: withActor(refusals),
    checklist,
  };
}
