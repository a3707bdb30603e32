import "server-only";
import { findMappedGroups, type Prisma } from "@embed/db";
import { type CompiledQuery, isQueryError, ScalarSchema } from "@embed/query";
import { z } from "zod";
import { recordAuditEventSafely } from "../audit/record-audit-event";
import { canSeeCard, loadVisibleDashboard, runCard, runDashcard } from "../content/content";
import { type ContentViewer, contentViewerForSubject } from "../content/content-viewer";
import { getAppDatabase } from "../db/app-database";
import type { RunResult } from "../execution/run-query";
import { ApiError } from "../http/api-error";

const Id = z.number().int().positive();

export const PreviewSchema = z
  .object({
    /** Preview an existing user: their attributes, groups and admin flag as stored. */
    userId: Id.optional(),
    /** …or an attribute set, as an SSO token would carry it. */
    attributes: z
      .record(z.string().min(1).max(100), z.union([ScalarSchema, z.array(ScalarSchema).max(500)]))
      .optional(),
    /** With `attributes`: these groups instead of the ones the attribute mappings would give. */
    groupIds: z.array(Id).max(100).optional(),
    cardId: Id.optional(),
    dashboardId: Id.optional(),
    dashcardId: Id.optional(),
    /** With a dashboard card: parameter values by slug, as the dashboard would send them. */
    parameters: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .superRefine((body, context) => {
    const issue = (message: string) => context.addIssue({ code: "custom", message });
    if ((body.userId === undefined) === (body.attributes === undefined)) {
      issue("give either userId or attributes");
    }
    if (body.groupIds !== undefined && body.attributes === undefined) {
      issue("groupIds goes with attributes");
    }
    const isDashcard = body.dashboardId !== undefined || body.dashcardId !== undefined;
    if ((body.cardId === undefined) === !isDashcard) {
      issue("give either cardId or dashboardId with dashcardId");
    }
    if (isDashcard && (body.dashboardId === undefined || body.dashcardId === undefined)) {
      issue("dashboardId and dashcardId go together");
    }
    if (body.parameters !== undefined && !isDashcard) issue("parameters go with a dashboard card");
  });

export type PreviewRequest = z.infer<typeof PreviewSchema>;

interface PreviewSubject {
  description: {
    userId: number | null;
    email: string | null;
    isAdmin: boolean;
    isActive: boolean;
    attributes: Record<string, unknown>;
    groups: Array<{ id: number; name: string }>;
  };
  viewer: ContentViewer;
}

/**
 * The person being previewed, as the content code sees a viewer: their groups' policies, never
 * the requesting administrator's. A stored user keeps their own admin flag; an attribute set is
 * never an administrator.
 */
async function resolveSubject(
  request: PreviewRequest,
  actorUserId: number,
): Promise<PreviewSubject> {
  const { prisma } = await getAppDatabase();
  let description: PreviewSubject["description"];
  if (request.userId !== undefined) {
    const user = await prisma.user.findUnique({
      where: { id: request.userId },
      include: { memberships: { select: { group: { select: { id: true, name: true } } } } },
    });
    if (!user) throw new ApiError("user_not_found", 404, `There is no user ${request.userId}.`);
    const groups = new Map(user.memberships.map(({ group }) => [group.id, group]));
    description = {
      userId: user.id,
      email: user.email,
      isAdmin: user.isAdmin,
      isActive: user.isActive,
      attributes: (user.attributes ?? {}) as Record<string, unknown>,
      groups: [...groups.values()].sort((a, b) => a.name.localeCompare(b.name)),
    };
  } else {
    const attributes = request.attributes ?? {};
    let groups: Array<{ id: number; name: string }>;
    if (request.groupIds !== undefined) {
      const ids = [...new Set(request.groupIds)];
      groups = await prisma.group.findMany({
        where: { id: { in: ids } },
        orderBy: { name: "asc" },
        select: { id: true, name: true },
      });
      const missing = ids.find((id) => !groups.some((group) => group.id === id));
      if (missing !== undefined) {
        throw new ApiError("group_not_found", 404, `There is no group ${missing}.`);
      }
    } else {
      // The same SQL rule an SSO login applies (@embed/db), so the preview cannot disagree with it.
      groups = await findMappedGroups(await getAppDatabase(), attributes);
    }
    description = { userId: null, email: null, isAdmin: false, isActive: true, attributes, groups };
  }
  const viewer = contentViewerForSubject({
    userId: description.userId,
    isAdmin: description.isAdmin,
    groupIds: description.groups.map((group) => group.id),
    attributes: description.attributes,
    // A preview reads the database itself: it must show what is stored now.
    configVersion: null,
    // The queries are the previewing admin's: they count against the admin's limit.
    queryLimitKey: `user:${actorUserId}`,
  });
  return { description, viewer };
}

/** What the person is refused, in the words the content API would use. */
class Refusal extends Error {
  constructor(
    readonly code: string,
    readonly publicMessage: string,
  ) {
    super(publicMessage);
  }
}

function jsonSafe(values: readonly unknown[]): unknown[] {
  return values.map((value) => (typeof value === "bigint" ? value.toString() : value));
}

/**
 * "View as": what a user, or an attribute set, would see on a card or a dashboard card — their
 * effective policy, the SQL it compiles to, its bound parameters and the result. It runs the very
 * functions that serve a viewer (`runCard`, `runDashcard`) with a viewer built from the person's
 * groups and attributes, so it cannot disagree with what they get; nothing runs under the
 * requesting administrator's own policy. When the person would be refused (the card is hidden
 * from them, a column is hidden, native SQL is not theirs), the answer says so instead of a result.
 */
export async function previewAs(request: PreviewRequest, actorUserId: number) {
  const { prisma } = await getAppDatabase();
  const { description, viewer } = await resolveSubject(request, actorUserId);
  const seen: { compiled?: CompiledQuery } = {};
  // Fresh, never from the cache: a preview is usually checking a policy just changed.
  const options = {
    useCache: false,
    onCompiled: (compiled: CompiledQuery) => {
      seen.compiled = compiled;
    },
  };

  let dataSourceId: number;
  let run: (() => Promise<RunResult>) | null = null;
  let refusal: Refusal | null = null;
  if (request.cardId !== undefined) {
    const card = await prisma.card.findUnique({ where: { id: request.cardId } });
    if (!card) throw new ApiError("card_not_found", 404, `There is no question ${request.cardId}.`);
    dataSourceId = card.dataSourceId;
    if (!(await canSeeCard(viewer, card))) {
      refusal = new Refusal("card_not_found", "This person cannot see this question (404).");
    } else {
      run = () => runCard(viewer, card, [], options);
    }
  } else {
    const dashboardId = request.dashboardId as number;
    const dashcardId = request.dashcardId as number;
    const dashcard = await prisma.dashboardCard.findFirst({
      where: { id: dashcardId, dashboardId },
      include: { card: { select: { dataSourceId: true } } },
    });
    if (!dashcard) {
      throw new ApiError(
        "card_not_found",
        404,
        `Dashboard ${dashboardId} has no card ${dashcardId}.`,
      );
    }
    dataSourceId = dashcard.card.dataSourceId;
    try {
      const dashboard = await loadVisibleDashboard(dashboardId, viewer);
      if (!dashboard.cards.some((candidate) => candidate.id === dashcardId)) {
        refusal = new Refusal(
          "card_not_found",
          "This person cannot see this dashboard card (404).",
        );
      } else {
        const values = request.parameters ?? {};
        run = async () =>
          (await runDashcard(viewer, dashboard, dashcardId, values, options)).result;
      }
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== "dashboard_not_found") throw error;
      refusal = new Refusal("dashboard_not_found", "This person cannot see this dashboard (404).");
    }
  }

  const policy = await viewer.policyFor(dataSourceId);
  let result: RunResult | null = null;
  if (run) {
    try {
      result = await run();
    } catch (error) {
      // An ill-typed or unknown parameter is the administrator's input: a 400, not a refusal.
      if (error instanceof ApiError && error.code === "invalid_parameter") throw error;
      if (error instanceof ApiError && error.status < 500) {
        refusal = new Refusal(error.code, error.publicMessage);
      } else if (isQueryError(error) && error.status < 500) {
        refusal = new Refusal(error.code, error.message);
      } else throw error;
    }
  }
  const compiled = result ? seen.compiled : undefined;

  await recordAuditEventSafely({
    type: "admin.previewed",
    actorUserId,
    resourceType: request.cardId !== undefined ? "card" : "dashboard",
    resourceId: request.cardId ?? (request.dashboardId as number),
    payload: {
      asUserId: description.userId,
      asAttributes:
        description.userId === null ? (description.attributes as Prisma.InputJsonObject) : null,
      groups: description.groups.map((group) => group.name),
      ...(request.dashcardId !== undefined ? { dashcardId: request.dashcardId } : {}),
      refused: refusal?.code ?? null,
    },
  });

  return {
    subject: description,
    dataSourceId,
    policy,
    sql: compiled?.sql ?? null,
    parameters: compiled ? jsonSafe(compiled.parameters) : [],
    result: result
      ? {
          columns: result.columns,
          rows: result.rows,
          rowCount: result.rowCount,
          truncated: result.truncated,
        }
      : null,
    refused: refusal ? { code: refusal.code, message: refusal.publicMessage } : null,
  };
}

/**
 * What "view as" can run on one data source: its questions, and each dashboard's cards reading
 * from it (a dashboard card runs with the dashboard's parameters and filters, so it is its own
 * target).
 */
export async function listPreviewTargets(dataSourceId: number) {
  const { prisma } = await getAppDatabase();
  const [cards, dashcards] = await Promise.all([
    prisma.card.findMany({
      where: { dataSourceId },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      select: { id: true, name: true },
    }),
    prisma.dashboardCard.findMany({
      where: { card: { dataSourceId } },
      orderBy: [{ dashboard: { name: "asc" } }, { id: "asc" }],
      select: {
        id: true,
        titleOverride: true,
        dashboard: { select: { id: true, name: true } },
        card: { select: { name: true } },
      },
    }),
  ]);
  return {
    cards,
    dashcards: dashcards.map((dashcard) => ({
      dashboardId: dashcard.dashboard.id,
      dashcardId: dashcard.id,
      name: `${dashcard.dashboard.name} › ${dashcard.titleOverride ?? dashcard.card.name}`,
    })),
  };
}
