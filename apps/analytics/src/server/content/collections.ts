import "server-only";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { canSeeCard } from "./content";
import type { ContentViewer } from "./content-viewer";

export interface CollectionItem {
  id: number;
  model: "dashboard" | "card" | "collection";
  name: string;
  description: string | null;
}

/**
 * The items of a collection (`null`: the root) the viewer may see: cards they may see, dashboards
 * with at least one such card, and sub-collections holding anything visible (at any depth).
 */
export async function listCollectionItems(
  collectionId: number | null,
  viewer: ContentViewer,
): Promise<CollectionItem[]> {
  const { prisma } = await getAppDatabase();
  if (
    collectionId !== null &&
    !(await prisma.collection.findUnique({ where: { id: collectionId } }))
  ) {
    throw new ApiError("collection_not_found", 404, `There is no collection ${collectionId}.`);
  }
  // The whole tree is small (content, not data): load it once and decide in memory.
  const [collections, cards, dashboards] = await Promise.all([
    prisma.collection.findMany({ orderBy: { name: "asc" } }),
    prisma.card.findMany({ orderBy: { name: "asc" } }),
    prisma.dashboard.findMany({
      orderBy: { name: "asc" },
      include: { cards: { select: { cardId: true } } },
    }),
  ]);
  const visibleCardIds = new Set<number>();
  for (const card of cards) if (await canSeeCard(viewer, card)) visibleCardIds.add(card.id);
  const visibleDashboards = dashboards.filter((dashboard) =>
    dashboard.cards.some((dc) => visibleCardIds.has(dc.cardId)),
  );

  const holdsVisible = new Set<number>();
  const markUp = (id: number | null) => {
    for (let current = id; current !== null && !holdsVisible.has(current); ) {
      holdsVisible.add(current);
      current = collections.find((collection) => collection.id === current)?.parentId ?? null;
    }
  };
  for (const card of cards) if (visibleCardIds.has(card.id)) markUp(card.collectionId);
  for (const dashboard of visibleDashboards) markUp(dashboard.collectionId);

  if (collectionId !== null && !holdsVisible.has(collectionId)) {
    throw new ApiError("collection_not_found", 404, `There is no collection ${collectionId}.`);
  }
  const item =
    (model: CollectionItem["model"]) =>
    (entry: { id: number; name: string; description: string | null }) => ({
      id: entry.id,
      model,
      name: entry.name,
      description: entry.description,
    });
  return [
    ...collections
      .filter((c) => c.parentId === collectionId && holdsVisible.has(c.id))
      .map(item("collection")),
    ...visibleDashboards.filter((d) => d.collectionId === collectionId).map(item("dashboard")),
    ...cards
      .filter((c) => c.collectionId === collectionId && visibleCardIds.has(c.id))
      .map(item("card")),
  ];
}
