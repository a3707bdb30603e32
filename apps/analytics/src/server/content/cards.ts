import "server-only";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { canSeeCard } from "./content";
import type { ContentViewer } from "./content-viewer";

/** A saved question the viewer may see, or 404 (hidden and missing look the same). */
export async function loadVisibleCard(cardId: number, viewer: ContentViewer) {
  const { prisma } = await getAppDatabase();
  const card = await prisma.card.findUnique({ where: { id: cardId } });
  if (!card || !(await canSeeCard(viewer, card))) {
    throw new ApiError("card_not_found", 404, `There is no question ${cardId}.`);
  }
  return card;
}
