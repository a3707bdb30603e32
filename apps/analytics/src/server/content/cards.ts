import "server-only";
import type { Card } from "@embed/db";
import { sharedConfigCache } from "../cache/config-cache";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { canSeeCard } from "./content";
import type { ContentViewer } from "./content-viewer";

const cardDefinitions = sharedConfigCache<Card | null>("cards");

/**
 * A saved question as stored, whoever looks: cached per configuration version (a card write
 * raises it; `null` reads the database), so its query is read and parsed once per version.
 * Shared: never mutate one.
 */
export function loadCardDefinition(cardId: number, configVersion: string | null) {
  return cardDefinitions.get(String(cardId), configVersion, async () => {
    const { prisma } = await getAppDatabase();
    return prisma.card.findUnique({ where: { id: cardId } });
  });
}

/** A saved question the viewer may see, or 404 (hidden and missing look the same). */
export async function loadVisibleCard(cardId: number, viewer: ContentViewer) {
  const card = await loadCardDefinition(cardId, viewer.configVersion);
  if (!card || !(await canSeeCard(viewer, card))) {
    throw new ApiError("card_not_found", 404, `There is no question ${cardId}.`);
  }
  return card;
}
