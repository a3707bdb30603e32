import "server-only";
import type { Card } from "@embed/db";
import { currentConfigVersion } from "../cache/current-config-version";
import { loadCardDefinition } from "../content/cards";
import { runCard, structuredQueryOf, tablesOf } from "../content/content";
import { type ContentViewer, contentViewerForGuest } from "../content/content-viewer";
import {
  type CardParameter,
  cardParameterMappings,
  filtersForCard,
  parseCardParameters,
} from "../content/parameters";
import { ApiError } from "../http/api-error";
import { guestQueryLimitKey } from "./guest-dashboard";
import {
  lockedSlugsOf,
  lockedValuesFromToken,
  mergeGuestParameterValues,
} from "./guest-parameters";
import { requireGuestEmbeddingEnabled } from "./require-guest-embedding-enabled";
import { verifyGuestToken } from "./verify-guest-token";

export interface GuestQuestion {
  viewer: ContentViewer;
  card: Card;
  parameters: CardParameter[];
  /** Parameters the viewer may set (embedding `enabled`). */
  editable: CardParameter[];
  /** Values fixed by the token (embedding `locked`). */
  locked: Record<string, unknown>;
}

/**
 * Opens the question a guest token names, under the same rules as a guest dashboard: the guest
 * sees the tables the question reads, narrowed by its locked parameters, whose values come only
 * from the signed token and must restrict the rows. Native questions are never guest-embedded
 * (a guest cannot run native SQL): they answer 404 like a missing one.
 */
export async function openGuestQuestion(token: string): Promise<GuestQuestion> {
  const payload = await verifyGuestToken(token);
  if (!("question" in payload.resource)) {
    throw new ApiError("guest_token_invalid", 400, "This token opens a dashboard, not a question.");
  }
  const cardId = payload.resource.question;
  // No session to bring the configuration version along: the request's one short query for it.
  const configVersion = await currentConfigVersion();
  const card = await loadCardDefinition(cardId, configVersion);
  const query = card && structuredQueryOf(card);
  if (!card || !query) throw new ApiError("card_not_found", 404, `There is no question ${cardId}.`);
  requireGuestEmbeddingEnabled("question", card);
  const parameters = parseCardParameters(card.parameters);
  const viewer = contentViewerForGuest(
    new Map([[card.dataSourceId, new Set(tablesOf(query))]]),
    configVersion,
    lockedSlugsOf(parameters),
    guestQueryLimitKey(token),
  );
  const locked = lockedValuesFromToken(parameters, payload.params);
  const editable = parameters.filter((parameter) => parameter.embedding === "enabled");
  return { viewer, card, parameters, editable, locked };
}

/** The API's view of a guest question: only its editable parameters are listed. */
export function guestQuestionResponse(guest: GuestQuestion) {
  const { card } = guest;
  return {
    id: card.id,
    name: card.name,
    description: card.description,
    display: card.display,
    visualizationSettings: card.visualizationSettings,
    parameters: guest.editable.map(({ id, slug, name, type, default: defaultValue }) => ({
      id,
      slug,
      name,
      type,
      default: defaultValue ?? null,
    })),
  };
}

/**
 * Runs a guest question: the viewer's values for editable parameters plus the token's locked
 * ones (setting a locked or disabled one is refused), through the dashboards' filter rule, which
 * refuses again a locked value that would filter nothing.
 */
export async function runGuestQuestion(
  guest: GuestQuestion,
  requested: Record<string, unknown>,
  options: { signal?: AbortSignal } = {},
) {
  const values = mergeGuestParameterValues(guest.parameters, guest.locked, requested);
  const filters = filtersForCard(
    guest.parameters,
    cardParameterMappings(guest.parameters),
    values,
    {
      slugs: guest.viewer.lockedParameters ?? new Set(),
      card: { name: guest.card.name, readsTable: true },
    },
  );
  return runCard(guest.viewer, guest.card, filters, options);
}
