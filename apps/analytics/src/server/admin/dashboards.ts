import "server-only";
import type { Prisma } from "@embed/db";
import { z } from "zod";
import {
  type DashboardParameter,
  DashboardParameterSchema,
  ParameterMappingSchema,
  parseDashboardParameters,
  parseParameterMappings,
  requireLockedParametersMapped,
} from "../content/parameters";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { checkParameterMappings } from "./check-card-query";
import { type Db, inTransaction, requireCollection } from "./lookups";
import { recordContentChange } from "./record-content-change";

/** Parameters (a dashboard's or a question's): ids and slugs unique, as mappings and requests name them. */
export function refineUniqueParameters(
  parameters: ReadonlyArray<{ id: string; slug: string }>,
  context: z.RefinementCtx,
) {
  for (const key of ["id", "slug"] as const) {
    const seen = new Set<string>();
    parameters.forEach((parameter, index) => {
      if (seen.has(parameter[key])) {
        context.addIssue({
          code: "custom",
          path: [index, key],
          message: `parameter ${key} "${parameter[key]}" is used twice`,
        });
      }
      seen.add(parameter[key]);
    });
  }
}

export const DashboardParametersSchema = z
  .array(DashboardParameterSchema)
  .max(50)
  .superRefine(refineUniqueParameters);

const Name = z.string().trim().min(1).max(200);
const Description = z.string().max(2000).nullable();
const CollectionId = z.number().int().positive().nullable();
/** Whether a guest token may open it; new content starts closed (see requireGuestEmbeddingEnabled). */
export const GuestEmbeddingEnabledSchema = z.boolean();

export const CreateDashboardSchema = z
  .object({
    name: Name,
    description: Description.optional(),
    collectionId: CollectionId.optional(),
    parameters: DashboardParametersSchema.optional(),
    guestEmbeddingEnabled: GuestEmbeddingEnabledSchema.optional(),
  })
  .strict();

export const UpdateDashboardSchema = z
  .object({
    name: Name.optional(),
    description: Description.optional(),
    collectionId: CollectionId.optional(),
    parameters: DashboardParametersSchema.optional(),
    guestEmbeddingEnabled: GuestEmbeddingEnabledSchema.optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, "at least one field is required");

export const DashcardInputSchema = z
  .object({
    /** An existing card of this dashboard to keep (and update); without it, a new placement. */
    id: z.number().int().positive().optional(),
    cardId: z.number().int().positive(),
    x: z.number().int().min(0).max(1000),
    y: z.number().int().min(0).max(100_000),
    w: z.number().int().min(1).max(1000),
    h: z.number().int().min(1).max(1000),
    titleOverride: z.string().trim().min(1).max(200).nullable().optional(),
    parameterMappings: z.array(ParameterMappingSchema).max(50).default([]),
  })
  .strict();

/** `[{ cardId, x, y, w, h, … }]`, or the same list as `{ cards: [...] }`. */
export const PutDashcardsSchema = z
  .union([
    z.array(DashcardInputSchema).max(100),
    z.object({ cards: z.array(DashcardInputSchema).max(100) }).strict(),
  ])
  .transform((body) => (Array.isArray(body) ? body : body.cards));

const dashboardInclude = {
  cards: {
    orderBy: [{ y: "asc" }, { x: "asc" }, { id: "asc" }],
    include: { card: { select: { name: true, queryKind: true } } },
  },
} satisfies Prisma.DashboardInclude;

type DashboardWithCards = Prisma.DashboardGetPayload<{ include: typeof dashboardInclude }>;

/** A dashboard as administrators see it: every card, raw parameter mappings. */
function toView(dashboard: DashboardWithCards) {
  return {
    id: dashboard.id,
    entityId: dashboard.entityId,
    name: dashboard.name,
    description: dashboard.description,
    collectionId: dashboard.collectionId,
    parameters: parseDashboardParameters(dashboard.parameters),
    guestEmbeddingEnabled: dashboard.guestEmbeddingEnabled,
    createdAt: dashboard.createdAt,
    updatedAt: dashboard.updatedAt,
    cards: dashboard.cards.map((dashcard) => ({
      id: dashcard.id,
      entityId: dashcard.entityId,
      cardId: dashcard.cardId,
      cardName: dashcard.card.name,
      x: dashcard.x,
      y: dashcard.y,
      w: dashcard.w,
      h: dashcard.h,
      titleOverride: dashcard.titleOverride,
      parameterMappings: parseParameterMappings(dashcard.parameterMappings),
    })),
  };
}

export async function listDashboards(filter: { collectionId?: number | null }) {
  const { prisma } = await getAppDatabase();
  const dashboards = await prisma.dashboard.findMany({
    where: filter.collectionId === undefined ? {} : { collectionId: filter.collectionId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    include: { _count: { select: { cards: true } } },
  });
  return dashboards.map((dashboard) => ({
    id: dashboard.id,
    entityId: dashboard.entityId,
    name: dashboard.name,
    description: dashboard.description,
    collectionId: dashboard.collectionId,
    parameters: parseDashboardParameters(dashboard.parameters),
    guestEmbeddingEnabled: dashboard.guestEmbeddingEnabled,
    cardCount: dashboard._count.cards,
    createdAt: dashboard.createdAt,
    updatedAt: dashboard.updatedAt,
  }));
}

async function loadDashboard(db: Db, dashboardId: number): Promise<DashboardWithCards> {
  const dashboard = await db.dashboard.findUnique({
    where: { id: dashboardId },
    include: dashboardInclude,
  });
  if (!dashboard) {
    throw new ApiError("dashboard_not_found", 404, `There is no dashboard ${dashboardId}.`);
  }
  return dashboard;
}

export async function getDashboard(dashboardId: number) {
  const { prisma } = await getAppDatabase();
  return toView(await loadDashboard(prisma, dashboardId));
}

const asJson = (parameters: DashboardParameter[]) => parameters as unknown as Prisma.InputJsonArray;

/** `entityId`: the config import keeps the document's; `db`: its transaction. */
export async function createDashboard(
  input: z.infer<typeof CreateDashboardSchema> & { entityId?: string },
  actorUserId: number,
  db?: Db,
) {
  return inTransaction(db, async (tx) => {
    if (input.collectionId) await requireCollection(tx, input.collectionId);
    const { id } = await tx.dashboard.create({
      data: {
        ...(input.entityId !== undefined ? { entityId: input.entityId } : {}),
        name: input.name,
        description: input.description ?? null,
        collectionId: input.collectionId ?? null,
        parameters: asJson(input.parameters ?? []),
        guestEmbeddingEnabled: input.guestEmbeddingEnabled ?? false,
      },
    });
    await recordContentChange(tx, {
      actorUserId,
      model: "dashboard",
      action: "created",
      id,
      payload: { name: input.name },
    });
    return toView(await loadDashboard(tx, id));
  });
}

/**
 * Updates a dashboard. Removing a parameter also removes the mappings that pointed at it, in the
 * same transaction, so no card keeps a filter nobody can set.
 */
export async function updateDashboard(
  dashboardId: number,
  patch: z.infer<typeof UpdateDashboardSchema>,
  actorUserId: number,
  db?: Db,
) {
  return inTransaction(db, async (tx) => {
    const existing = await loadDashboard(tx, dashboardId);
    if (patch.collectionId) await requireCollection(tx, patch.collectionId);
    await tx.dashboard.update({
      where: { id: dashboardId },
      data: {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.collectionId !== undefined ? { collectionId: patch.collectionId } : {}),
        ...(patch.parameters !== undefined ? { parameters: asJson(patch.parameters) } : {}),
        ...(patch.guestEmbeddingEnabled !== undefined
          ? { guestEmbeddingEnabled: patch.guestEmbeddingEnabled }
          : {}),
      },
    });
    if (patch.parameters !== undefined) {
      const kept = new Set(patch.parameters.map((parameter) => parameter.id));
      // Locking a parameter (or adding a locked one) needs it on every card that reads a table.
      requireLockedParametersMapped(
        patch.parameters,
        existing.cards.map((dashcard) => ({
          name: dashcard.card.name,
          readsTable: dashcard.card.queryKind === "structured",
          mappings: parseParameterMappings(dashcard.parameterMappings),
        })),
      );
      for (const dashcard of existing.cards) {
        const mappings = parseParameterMappings(dashcard.parameterMappings);
        const remaining = mappings.filter((mapping) => kept.has(mapping.parameterId));
        if (remaining.length !== mappings.length) {
          await tx.dashboardCard.update({
            where: { id: dashcard.id },
            data: { parameterMappings: remaining as unknown as Prisma.InputJsonArray },
          });
        }
      }
    }
    await recordContentChange(tx, {
      actorUserId,
      model: "dashboard",
      action: "updated",
      id: dashboardId,
      payload: { name: patch.name ?? existing.name, fields: Object.keys(patch) },
    });
    return toView(await loadDashboard(tx, dashboardId));
  });
}

export async function deleteDashboard(dashboardId: number, actorUserId: number) {
  const { prisma } = await getAppDatabase();
  await prisma.$transaction(async (tx) => {
    const dashboard = await loadDashboard(tx, dashboardId);
    await tx.dashboard.delete({ where: { id: dashboardId } });
    await recordContentChange(tx, {
      actorUserId,
      model: "dashboard",
      action: "deleted",
      id: dashboardId,
      payload: { name: dashboard.name, entityId: dashboard.entityId },
    });
  });
}

/**
 * Replaces a dashboard's cards with `cards`. Entries with an `id` keep that placement (so its id,
 * which embeds and exports use, stays stable); the others are added; placements not listed are
 * removed. Every mapping must name a parameter of the dashboard and a column its card can filter.
 */
export async function replaceDashboardCards(
  dashboardId: number,
  cards: z.infer<typeof PutDashcardsSchema>,
  actorUserId: number,
) {
  const { prisma } = await getAppDatabase();
  const dashboard = await loadDashboard(prisma, dashboardId);
  const parameters = parseDashboardParameters(dashboard.parameters);
  const parameterIds = new Set(parameters.map((p) => p.id));
  const ownIds = new Set(dashboard.cards.map((dashcard) => dashcard.id));
  const seenIds = new Set<number>();
  const cardIds = [...new Set(cards.map((entry) => entry.cardId))];
  const found = new Map(
    (await prisma.card.findMany({ where: { id: { in: cardIds } } })).map((card) => [card.id, card]),
  );
  for (const entry of cards) {
    if (entry.id !== undefined) {
      if (!ownIds.has(entry.id) || seenIds.has(entry.id)) {
        throw new ApiError(
          "card_not_found",
          404,
          `Dashboard ${dashboardId} has no card ${entry.id} to keep (or it is listed twice).`,
        );
      }
      seenIds.add(entry.id);
    }
    const card = found.get(entry.cardId);
    if (!card) throw new ApiError("card_not_found", 404, `There is no question ${entry.cardId}.`);
    // Compiling reads the warehouse's metadata: checked before the transaction.
    await checkParameterMappings(card, entry.parameterMappings, parameterIds);
  }
  // No card joins (or loses its mapping on) a dashboard whose locked parameter would miss it.
  requireLockedParametersMapped(
    parameters,
    cards.map((entry) => {
      const card = found.get(entry.cardId);
      return {
        name: card?.name ?? String(entry.cardId),
        readsTable: card?.queryKind !== "native",
        mappings: entry.parameterMappings,
      };
    }),
  );

  return inTransaction(undefined, async (tx) => {
    await writeDashboardCards(tx, dashboard, cards, actorUserId);
    return toView(await loadDashboard(tx, dashboardId));
  });
}

/**
 * Writes a dashboard's checked placements and audits it: entries with an `id` keep that placement,
 * the others are added (with `entityId` when given: the config import keeps the document's), and
 * placements not listed are removed. `replaceDashboardCards` after its checks; the config import
 * (which checks the whole document first) in its transaction.
 */
export async function writeDashboardCards(
  tx: Db,
  dashboard: { id: number; name: string },
  cards: ReadonlyArray<
    Omit<z.infer<typeof DashcardInputSchema>, "titleOverride"> & {
      titleOverride?: string | null | undefined;
      entityId?: string;
    }
  >,
  actorUserId: number,
) {
  const kept = cards.flatMap((entry) => (entry.id !== undefined ? [entry.id] : []));
  await tx.dashboardCard.deleteMany({
    where: { dashboardId: dashboard.id, id: { notIn: kept } },
  });
  for (const entry of cards) {
    const data = {
      cardId: entry.cardId,
      x: entry.x,
      y: entry.y,
      w: entry.w,
      h: entry.h,
      titleOverride: entry.titleOverride ?? null,
      parameterMappings: entry.parameterMappings as unknown as Prisma.InputJsonArray,
    };
    if (entry.id !== undefined) {
      await tx.dashboardCard.update({ where: { id: entry.id }, data });
    } else {
      const entityId = entry.entityId !== undefined ? { entityId: entry.entityId } : {};
      await tx.dashboardCard.create({ data: { dashboardId: dashboard.id, ...entityId, ...data } });
    }
  }
  await recordContentChange(tx, {
    actorUserId,
    model: "dashboard",
    action: "updated",
    id: dashboard.id,
    payload: { name: dashboard.name, fields: ["cards"], cards: cards.length },
  });
}
