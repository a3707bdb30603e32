import "server-only";
import type { Card, Prisma } from "@embed/db";
import { z } from "zod";
import {
  type CardParameter,
  CardParameterSchema,
  parseCardParameters,
  parseDashboardParameters,
  parseParameterMappings,
  requireLockedParametersMapped,
} from "../content/parameters";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import {
  type CheckedCardQuery,
  checkCardParameters,
  checkCardQuery,
  checkParameterMappings,
} from "./check-card-query";
import { GuestEmbeddingEnabledSchema, refineUniqueParameters } from "./dashboards";
import { type Db, inTransaction, requireCollection, requireDataSource } from "./lookups";
import { recordContentChange } from "./record-content-change";

const cardFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable(),
  collectionId: z.number().int().positive().nullable(),
  /** An open set that grows with the SDK's charts (`table`, `bar`, `line`, `scalar`, …). */
  display: z.string().trim().min(1).max(50),
  dataSourceId: z.number().int().positive(),
  queryKind: z.enum(["structured", "native"]),
  /** A structured query, or `{ sql }` for a native one; checked by `checkCardQuery`. */
  query: z.unknown(),
  visualizationSettings: z.record(z.string(), z.unknown()),
  /** The question's own filters for guest question embeds, each naming the column it filters. */
  parameters: z.array(CardParameterSchema).max(50).superRefine(refineUniqueParameters),
  guestEmbeddingEnabled: GuestEmbeddingEnabledSchema,
};

export const CreateCardSchema = z
  .object({
    ...cardFields,
    description: cardFields.description.optional(),
    collectionId: cardFields.collectionId.optional(),
    visualizationSettings: cardFields.visualizationSettings.optional(),
    parameters: cardFields.parameters.optional(),
    guestEmbeddingEnabled: cardFields.guestEmbeddingEnabled.optional(),
  })
  .strict()
  .refine((card) => card.query !== undefined, { message: "query is required", path: ["query"] });

export const UpdateCardSchema = z
  .object({
    name: cardFields.name.optional(),
    description: cardFields.description.optional(),
    collectionId: cardFields.collectionId.optional(),
    display: cardFields.display.optional(),
    dataSourceId: cardFields.dataSourceId.optional(),
    queryKind: cardFields.queryKind.optional(),
    // Optional explicitly: zod 4 otherwise requires the key, refusing a patch without a query.
    query: cardFields.query.optional(),
    visualizationSettings: cardFields.visualizationSettings.optional(),
    parameters: cardFields.parameters.optional(),
    guestEmbeddingEnabled: cardFields.guestEmbeddingEnabled.optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, "at least one field is required")
  .refine((patch) => patch.queryKind === undefined || patch.query !== undefined, {
    message: "changing queryKind needs the new query too",
    path: ["query"],
  });

const asJson = (parameters: CardParameter[]) => parameters as unknown as Prisma.InputJsonArray;

/** A card's stored fields, its query and parameters already checked (`checkCardQuery`, …). */
export interface CheckedCardFields {
  name: string;
  description: string | null;
  collectionId: number | null;
  display: string;
  dataSourceId: number;
  queryKind: "structured" | "native";
  query: unknown;
  visualizationSettings: Record<string, unknown>;
  parameters: CardParameter[];
  /** Absent: off for a new card, unchanged for an existing one. */
  guestEmbeddingEnabled?: boolean;
}

function cardData({
  query,
  visualizationSettings,
  parameters,
  ...plain
}: Partial<CheckedCardFields>) {
  return {
    ...plain,
    ...(query !== undefined ? { query: query as Prisma.InputJsonObject } : {}),
    ...(visualizationSettings !== undefined
      ? { visualizationSettings: visualizationSettings as Prisma.InputJsonObject }
      : {}),
    ...(parameters !== undefined ? { parameters: asJson(parameters) } : {}),
  };
}

/**
 * Writes a checked new card and audits it: `createCard` after its checks, and the config import
 * (which checks the whole document first, keeps the document's `entityId`) in its transaction.
 */
export async function insertCard(
  tx: Db,
  card: CheckedCardFields & { entityId?: string },
  actorUserId: number,
) {
  const { entityId, ...fields } = card;
  const created = await tx.card.create({
    data: { ...(entityId !== undefined ? { entityId } : {}), ...cardData(fields) } as Omit<
      Prisma.CardUncheckedCreateInput,
      "id"
    >,
  });
  await recordContentChange(tx, {
    actorUserId,
    model: "card",
    action: "created",
    id: created.id,
    payload: { name: created.name, queryKind: created.queryKind },
  });
  return toView(created);
}

/** Writes checked changes to a card and audits them (`updateCard`, the config import). */
export async function saveCardChanges(
  tx: Db,
  cardId: number,
  changes: Partial<CheckedCardFields>,
  actorUserId: number,
  fields: string[] = Object.keys(changes),
) {
  const card = await tx.card.update({ where: { id: cardId }, data: cardData(changes) });
  await recordContentChange(tx, {
    actorUserId,
    model: "card",
    action: "updated",
    id: cardId,
    payload: { name: card.name, fields },
  });
  return toView(card);
}

/** A card as administrators see it: everything, including its query. */
function toView(card: Card) {
  return {
    id: card.id,
    entityId: card.entityId,
    name: card.name,
    description: card.description,
    collectionId: card.collectionId,
    display: card.display,
    dataSourceId: card.dataSourceId,
    queryKind: card.queryKind,
    query: card.query,
    visualizationSettings: card.visualizationSettings,
    parameters: parseCardParameters(card.parameters),
    guestEmbeddingEnabled: card.guestEmbeddingEnabled,
    createdAt: card.createdAt,
    updatedAt: card.updatedAt,
  };
}

export async function listCards(filter: { collectionId?: number | null }) {
  const { prisma } = await getAppDatabase();
  const cards = await prisma.card.findMany({
    where: filter.collectionId === undefined ? {} : { collectionId: filter.collectionId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  return cards.map(toView);
}

async function requireCard(cardId: number) {
  const { prisma } = await getAppDatabase();
  const card = await prisma.card.findUnique({ where: { id: cardId } });
  if (!card) throw new ApiError("card_not_found", 404, `There is no question ${cardId}.`);
  return card;
}

export async function getCard(cardId: number) {
  return toView(await requireCard(cardId));
}

export async function createCard(input: z.infer<typeof CreateCardSchema>, actorUserId: number) {
  const { prisma } = await getAppDatabase();
  await requireDataSource(prisma, input.dataSourceId);
  if (input.collectionId) await requireCollection(prisma, input.collectionId);
  // Compiling reads the warehouse's metadata: done before the transaction, which stays short.
  const checked = await checkCardQuery(input.dataSourceId, input.queryKind, input.query);
  const parameters = input.parameters ?? [];
  await checkCardParameters({ ...input, ...checked }, parameters);
  return inTransaction(undefined, (tx) =>
    insertCard(
      tx,
      {
        name: input.name,
        description: input.description ?? null,
        collectionId: input.collectionId ?? null,
        display: input.display,
        dataSourceId: input.dataSourceId,
        queryKind: checked.queryKind,
        query: checked.query,
        visualizationSettings: input.visualizationSettings ?? {},
        parameters,
        guestEmbeddingEnabled: input.guestEmbeddingEnabled ?? false,
      },
      actorUserId,
    ),
  );
}

/**
 * A card's new query must still fit every dashboard that places it: a locked parameter must still
 * filter it (a native card turned structured reads a table), and each mapping must name a column
 * the new query can filter on — else 409 naming the dashboard. `updateCard` and the config import
 * (for dashboards the document does not list) both call it, inside their transaction.
 */
export async function requirePlacementsStillFit(
  db: Db,
  card: { id: number; name: string; dataSourceId: number } & CheckedCardQuery,
) {
  const placements = await db.dashboardCard.findMany({
    where: { cardId: card.id },
    include: { dashboard: { select: { id: true, name: true, parameters: true } } },
  });
  for (const placement of placements) {
    const parameters = parseDashboardParameters(placement.dashboard.parameters);
    const mappings = parseParameterMappings(placement.parameterMappings);
    requireLockedParametersMapped(parameters, [
      { name: card.name, readsTable: card.queryKind === "structured", mappings },
    ]);
    try {
      await checkParameterMappings(card, mappings, new Set(parameters.map((p) => p.id)));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      throw new ApiError(
        "conflict",
        409,
        `Dashboard "${placement.dashboard.name}" (${placement.dashboard.id}) filters this card in a way the new query does not support: ${error.publicMessage}`,
      );
    }
  }
}

/**
 * Updates a card. A new query, query kind or data source is checked like a new card, and must
 * still fit every dashboard mapping that filters this card (409 naming the dashboard otherwise).
 */
export async function updateCard(
  cardId: number,
  patch: z.infer<typeof UpdateCardSchema>,
  actorUserId: number,
) {
  const { prisma } = await getAppDatabase();
  const existing = await requireCard(cardId);
  if (patch.dataSourceId !== undefined) await requireDataSource(prisma, patch.dataSourceId);
  if (patch.collectionId) await requireCollection(prisma, patch.collectionId);
  const queryChanged =
    patch.query !== undefined || patch.queryKind !== undefined || patch.dataSourceId !== undefined;
  let checked: Awaited<ReturnType<typeof checkCardQuery>> | undefined;
  if (queryChanged) {
    const dataSourceId = patch.dataSourceId ?? existing.dataSourceId;
    checked = await checkCardQuery(
      dataSourceId,
      patch.queryKind ?? existing.queryKind,
      patch.query ?? existing.query,
    );
    await requirePlacementsStillFit(prisma, {
      id: cardId,
      name: patch.name ?? existing.name,
      dataSourceId,
      ...checked,
    });
  }
  if (checked || patch.parameters !== undefined) {
    await checkCardParameters(
      {
        name: patch.name ?? existing.name,
        dataSourceId: patch.dataSourceId ?? existing.dataSourceId,
        queryKind: checked?.queryKind ?? existing.queryKind,
        query: checked?.query ?? existing.query,
      },
      patch.parameters ?? parseCardParameters(existing.parameters),
    );
  }
  const changes: Partial<CheckedCardFields> = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.collectionId !== undefined ? { collectionId: patch.collectionId } : {}),
    ...(patch.display !== undefined ? { display: patch.display } : {}),
    ...(patch.dataSourceId !== undefined ? { dataSourceId: patch.dataSourceId } : {}),
    ...(checked ? { queryKind: checked.queryKind, query: checked.query } : {}),
    ...(patch.visualizationSettings !== undefined
      ? { visualizationSettings: patch.visualizationSettings }
      : {}),
    ...(patch.parameters !== undefined ? { parameters: patch.parameters } : {}),
    ...(patch.guestEmbeddingEnabled !== undefined
      ? { guestEmbeddingEnabled: patch.guestEmbeddingEnabled }
      : {}),
  };
  return inTransaction(undefined, (tx) =>
    saveCardChanges(tx, cardId, changes, actorUserId, Object.keys(patch)),
  );
}

/** Deletes a card; its places on dashboards go with it (the schema cascades). */
export async function deleteCard(cardId: number, actorUserId: number) {
  const { prisma } = await getAppDatabase();
  await prisma.$transaction(async (tx) => {
    const card = await tx.card.findUnique({
      where: { id: cardId },
      include: { _count: { select: { dashboardCards: true } } },
    });
    if (!card) throw new ApiError("card_not_found", 404, `There is no question ${cardId}.`);
    await tx.card.delete({ where: { id: cardId } });
    await recordContentChange(tx, {
      actorUserId,
      model: "card",
      action: "deleted",
      id: cardId,
      payload: {
        name: card.name,
        entityId: card.entityId,
        removedFromDashboards: card._count.dashboardCards,
      },
    });
  });
}
