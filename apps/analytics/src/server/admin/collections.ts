import "server-only";
import { z } from "zod";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { listCards } from "./cards";
import { listDashboards } from "./dashboards";
import { type Db, inTransaction, requireCollection } from "./lookups";
import { recordContentChange } from "./record-content-change";

const Name = z.string().trim().min(1).max(200);
const Description = z.string().max(2000).nullable();
const ParentId = z.number().int().positive().nullable();

export const CreateCollectionSchema = z
  .object({ name: Name, description: Description.optional(), parentId: ParentId.optional() })
  .strict();

export const UpdateCollectionSchema = z
  .object({
    name: Name.optional(),
    description: Description.optional(),
    parentId: ParentId.optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, "name, description or parentId is required");

const collectionSelect = {
  id: true,
  entityId: true,
  name: true,
  description: true,
  parentId: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { children: true, cards: true, dashboards: true } },
} as const;

function toView<T extends { _count: { children: number; cards: number; dashboards: number } }>({
  _count,
  ...collection
}: T) {
  return {
    ...collection,
    collectionCount: _count.children,
    cardCount: _count.cards,
    dashboardCount: _count.dashboards,
  };
}

/** Every collection (the tree is small), with how much each holds. */
export async function listCollections() {
  const { prisma } = await getAppDatabase();
  const collections = await prisma.collection.findMany({
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: collectionSelect,
  });
  return collections.map(toView);
}

/** Refuses a parent that is the collection itself or lies inside it. */
async function checkParent(tx: Db, collectionId: number | null, parentId: number | null) {
  if (parentId === null) return;
  await requireCollection(tx, parentId);
  if (collectionId === null) return;
  const parents = new Map(
    (await tx.collection.findMany({ select: { id: true, parentId: true } })).map((c) => [
      c.id,
      c.parentId,
    ]),
  );
  for (let current: number | null = parentId; current !== null; ) {
    if (current === collectionId) {
      throw new ApiError("bad_request", 400, "A collection cannot be moved inside itself.");
    }
    current = parents.get(current) ?? null;
  }
}

/** `entityId`: the config import keeps the document's; `db`: its transaction. */
export async function createCollection(
  input: z.infer<typeof CreateCollectionSchema> & { entityId?: string },
  actorUserId: number,
  db?: Db,
) {
  return inTransaction(db, async (tx) => {
    await checkParent(tx, null, input.parentId ?? null);
    const collection = await tx.collection.create({
      data: {
        ...(input.entityId !== undefined ? { entityId: input.entityId } : {}),
        name: input.name,
        description: input.description ?? null,
        parentId: input.parentId ?? null,
      },
      select: collectionSelect,
    });
    await recordContentChange(tx, {
      actorUserId,
      model: "collection",
      action: "created",
      id: collection.id,
      payload: { name: collection.name },
    });
    return toView(collection);
  });
}

export async function updateCollection(
  id: number,
  patch: z.infer<typeof UpdateCollectionSchema>,
  actorUserId: number,
  db?: Db,
) {
  return inTransaction(db, async (tx) => {
    await requireCollection(tx, id);
    if (patch.parentId !== undefined) await checkParent(tx, id, patch.parentId);
    const collection = await tx.collection.update({
      where: { id },
      data: patch,
      select: collectionSelect,
    });
    await recordContentChange(tx, {
      actorUserId,
      model: "collection",
      action: "updated",
      id,
      payload: { name: collection.name, fields: Object.keys(patch) },
    });
    return toView(collection);
  });
}

/** Only an empty collection can be deleted: 409 while it holds collections, cards or dashboards. */
export async function deleteCollection(id: number, actorUserId: number) {
  const { prisma } = await getAppDatabase();
  await prisma.$transaction(async (tx) => {
    const collection = await tx.collection.findUnique({ where: { id }, select: collectionSelect });
    if (!collection)
      throw new ApiError("collection_not_found", 404, `There is no collection ${id}.`);
    const { children, cards, dashboards } = collection._count;
    if (children + cards + dashboards > 0) {
      throw new ApiError(
        "conflict",
        409,
        `Collection "${collection.name}" still holds ${children} collection(s), ${cards} card(s) and ${dashboards} dashboard(s): move or delete them first.`,
      );
    }
    await tx.collection.delete({ where: { id } });
    await recordContentChange(tx, {
      actorUserId,
      model: "collection",
      action: "deleted",
      id,
      payload: { name: collection.name, entityId: collection.entityId },
    });
  });
}

/**
 * The console's content page: every collection (named by its path, "Parent / Child") with its
 * dashboards and questions, then what lies in no collection; each question with the dashboards
 * that place it (where the full app opens it).
 */
export async function listContentByCollection() {
  const { prisma } = await getAppDatabase();
  const [collections, dashboards, cards, placements] = await Promise.all([
    listCollections(),
    listDashboards({}),
    listCards({}),
    prisma.dashboardCard.findMany({
      select: { cardId: true, dashboardId: true },
      distinct: ["cardId", "dashboardId"],
    }),
  ]);
  const byId = new Map(collections.map((collection) => [collection.id, collection]));
  const pathOf = (id: number): string => {
    const names: string[] = [];
    // The tree is acyclic (checkParent); the bound only guards a corrupt row.
    for (let at = byId.get(id); at && names.length < 50; at = byId.get(at.parentId ?? -1)) {
      names.unshift(at.name);
    }
    return names.join(" / ");
  };
  const dashboardNames = new Map(dashboards.map((dashboard) => [dashboard.id, dashboard.name]));
  const questions = cards.map((card) => ({
    ...card,
    onDashboards: placements
      .filter((placement) => placement.cardId === card.id)
      .map((placement) => ({
        id: placement.dashboardId,
        name: dashboardNames.get(placement.dashboardId) ?? "",
      })),
  }));
  const sectionOf = (collectionId: number | null) => ({
    dashboards: dashboards.filter((dashboard) => dashboard.collectionId === collectionId),
    questions: questions.filter((question) => question.collectionId === collectionId),
  });
  return {
    collections: collections
      .map((collection) => ({
        id: collection.id,
        name: pathOf(collection.id),
        description: collection.description,
        ...sectionOf(collection.id),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    outsideCollections: sectionOf(null),
  };
}
