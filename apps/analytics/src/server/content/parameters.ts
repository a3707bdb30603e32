import "server-only";
import type { Filter } from "@embed/query";
import { z } from "zod";
import { valueKey } from "../cache/value-key";
import { ApiError } from "../http/api-error";
import { processWide } from "../process-wide";

/** How a guest embed treats a parameter: set by the token only, editable, or not at all. */
export const EmbeddingModeSchema = z.enum(["locked", "enabled", "disabled"]);
export type EmbeddingMode = z.infer<typeof EmbeddingModeSchema>;

export const DashboardParameterSchema = z.object({
  id: z.string().min(1),
  slug: z.string().regex(/^[a-z0-9_]{1,64}$/),
  name: z.string().min(1),
  type: z.enum(["category", "number", "date/range", "date/single", "text"]),
  default: z.unknown().optional(),
  /** Guest embedding: defaults to `disabled`, so nothing is editable unless the admin says so. */
  embedding: EmbeddingModeSchema.optional(),
});
export type DashboardParameter = z.infer<typeof DashboardParameterSchema>;

export const ParameterMappingSchema = z.object({
  parameterId: z.string(),
  target: z.object({ column: z.string().min(1) }),
});
export type ParameterMapping = z.infer<typeof ParameterMappingSchema>;

/**
 * A question's own parameter (guest question embeds; Metabase's `embedding_params`): a dashboard
 * parameter that names the column of the question it filters. Having a target is what makes a
 * locked one always restrict the question.
 */
export const CardParameterSchema = DashboardParameterSchema.extend({
  target: z.object({ column: z.string().min(1) }),
});
export type CardParameter = z.infer<typeof CardParameterSchema>;

/**
 * `parse(raw)`, kept by the stored JSON object it came from: rows cached per configuration version
 * (cards, dashboards) keep their objects, so each is parsed once per version, not per request.
 * The result is shared: never mutate it.
 */
function parsedOnce<T>(name: string, parse: (raw: unknown) => T): (raw: unknown) => T {
  const parsed = processWide(`content.parsed.${name}`, () => new WeakMap<object, T>());
  return (raw) => {
    if (typeof raw !== "object" || raw === null) return parse(raw);
    if (parsed.has(raw)) return parsed.get(raw) as T;
    const value = parse(raw);
    parsed.set(raw, value);
    return value;
  };
}

/** A question's own parameters ([] when malformed). Shared: never mutate the result. */
export const parseCardParameters = parsedOnce("cardParameters", (raw): CardParameter[] => {
  const parsed = z.array(CardParameterSchema).safeParse(raw);
  return parsed.success ? parsed.data : [];
});

/** A question's parameters as mappings, so its filters come from `filtersForCard` too. */
export function cardParameterMappings(parameters: readonly CardParameter[]): ParameterMapping[] {
  return parameters.map((parameter) => ({ parameterId: parameter.id, target: parameter.target }));
}

export const ParameterValuesSchema = z.record(z.string(), z.unknown()).default({});

const Scalar = z.union([z.string().max(1000), z.number().finite(), z.boolean()]);
const CategoryValue = z.union([Scalar, z.array(Scalar).min(1).max(500)]);
/** `{ from, to }` (either may be absent) or Metabase's `"2025-01-01~2025-03-31"`. */
const DateRangeValue = z.union([
  z.object({ from: z.string().max(40).optional(), to: z.string().max(40).optional() }).strict(),
  z
    .string()
    .max(81)
    .transform((text, context) => {
      const [from, to, ...rest] = text.split("~");
      if (rest.length > 0 || to === undefined) {
        context.addIssue({ code: "custom", message: 'use "from~to"' });
        return z.NEVER;
      }
      return { from: from || undefined, to: to || undefined };
    }),
]);

/** The mappings of a card as the locked-parameter rule needs them. */
export interface CardParameterMappings {
  /** The card's title, for the error message that names it. */
  name: string;
  /**
   * Whether the card reads a warehouse table that a guest could see: a structured question.
   * (Native SQL never runs for a guest: `contentViewerForGuest` cannot run native queries.)
   */
  readsTable: boolean;
  mappings: readonly ParameterMapping[];
}

/**
 * THE rule that keeps a guest embed closed: every locked parameter filters every card that reads a
 * table, or the card would show every tenant's rows. The admin API (dashboards, cards, the
 * policy-as-code import) refuses a change that breaks it, and a guest query checks it again.
 */
export function requireLockedParametersMapped(
  parameters: readonly DashboardParameter[],
  cards: readonly CardParameterMappings[],
): void {
  for (const parameter of parameters) {
    if (parameter.embedding !== "locked") continue;
    for (const card of cards) {
      if (!card.readsTable) continue;
      if (card.mappings.some((mapping) => mapping.parameterId === parameter.id)) continue;
      throw new ApiError(
        "locked_parameter_unmapped",
        409,
        `The locked parameter "${parameter.slug}" does not filter the card "${card.name.slice(0, 200)}": map it to a column of that card (or remove the card) so a guest embed never shows its rows unfiltered.`,
      );
    }
  }
}

function isRestrictingScalar(value: unknown): boolean {
  if (typeof value === "string") return value.trim() !== "";
  if (typeof value === "number") return Number.isFinite(value);
  return typeof value === "boolean";
}

/**
 * Checks a locked parameter's value from a guest token and returns it. A value that would filter
 * nothing (missing, null, blank, an empty list or one with a blank item, an object, a date range
 * open at either end) is refused: a host that signs `account_id: user.accountId ?? ""` must get an
 * error, not every tenant's rows.
 */
export function requireLockedValue(parameter: DashboardParameter, value: unknown): unknown {
  const refuse = (detail: string) =>
    new ApiError(
      "guest_parameter_invalid",
      400,
      `The embed token's locked parameter "${parameter.slug}" ${detail}; a locked value must restrict the rows.`,
    );
  if (value === undefined) throw refuse("is not set");
  let restricts: boolean;
  switch (parameter.type) {
    case "date/range": {
      const parsed = DateRangeValue.safeParse(value);
      restricts =
        parsed.success &&
        isRestrictingScalar(parsed.data.from) &&
        isRestrictingScalar(parsed.data.to);
      break;
    }
    case "date/single":
      restricts = isRestrictingScalar(value) && typeof value === "string";
      break;
    default:
      restricts = Array.isArray(value)
        ? value.length > 0 && value.every(isRestrictingScalar)
        : isRestrictingScalar(value);
  }
  // And what the filter compiler makes of it must be a filter: fail closed on any gap between
  // the two.
  if (restricts) {
    try {
      restricts = filtersFor(parameter, "column", value).length > 0;
    } catch {
      restricts = false;
    }
  }
  if (!restricts) {
    throw refuse(
      parameter.type === "date/range"
        ? 'must be a closed date range ({ from, to } or "from~to", both set)'
        : "must be a non-blank value or a non-empty list of them",
    );
  }
  return value;
}

export function parseDashboardParameters(raw: unknown): DashboardParameter[] {
  const parsed = z.array(DashboardParameterSchema).safeParse(raw);
  return parsed.success ? parsed.data : [];
}

/** A dashboard card's parameter mappings ([] when malformed). Shared: never mutate the result. */
export const parseParameterMappings = parsedOnce("parameterMappings", (raw): ParameterMapping[] => {
  const parsed = z.array(ParameterMappingSchema).safeParse(raw);
  return parsed.success ? parsed.data : [];
});

/**
 * The filters a dashboard card gets from the dashboard's parameter values. Values become filter
 * VALUES of the structured query (bound parameters downstream); the column comes from the
 * admin's mapping, never from the request. Unknown slugs and ill-typed values are refused.
 */
export function filtersForCard(
  parameters: DashboardParameter[],
  mappings: ParameterMapping[],
  values: Record<string, unknown>,
  /** Guest embeds: these parameters must restrict this card (see `requireLockedParametersMapped`). */
  locked?: { slugs: ReadonlySet<string>; card: Omit<CardParameterMappings, "mappings"> },
): Filter[] {
  if (locked && locked.slugs.size > 0) {
    const lockedParameters = parameters.filter((parameter) => locked.slugs.has(parameter.slug));
    // Fail closed at query time too: a card no locked filter reaches, or a value that filters
    // nothing, is refused, whatever the admin API let through.
    requireLockedParametersMapped(lockedParameters, [{ ...locked.card, mappings }]);
    if (locked.card.readsTable)
      for (const parameter of lockedParameters)
        requireLockedValue(parameter, values[parameter.slug]);
  }
  const bySlug = new Map(parameters.map((parameter) => [parameter.slug, parameter]));
  for (const slug of Object.keys(values)) {
    if (!bySlug.has(slug)) {
      throw new ApiError(
        "invalid_parameter",
        400,
        `This dashboard has no parameter "${slug.slice(0, 64)}".`,
      );
    }
  }
  const filters: Filter[] = [];
  for (const mapping of mappings) {
    const parameter = parameters.find((candidate) => candidate.id === mapping.parameterId);
    if (!parameter) continue;
    const value = values[parameter.slug] ?? parameter.default;
    if (value === undefined || value === null || value === "") continue;
    filters.push(...filtersFor(parameter, mapping.target.column, value));
  }
  return filters;
}

// A parameter's filters by column and value, kept with the parameter object (dashboard and card
// parameters are cached per configuration version): a warm request does not validate the same
// value again. A refused value is never kept, so it is refused every time.
const filtersByParameter = processWide(
  "content.parameterFilters",
  () => new WeakMap<DashboardParameter, Map<string, Filter[]>>(),
);
const MAX_FILTERS_PER_PARAMETER = 500;

/** The filters for one parameter value. Shared: never mutate the result. */
function filtersFor(parameter: DashboardParameter, column: string, value: unknown): Filter[] {
  const key = valueKey([column, value]);
  if (key === null) return buildFilters(parameter, column, value);
  let known = filtersByParameter.get(parameter);
  const hit = known?.get(key);
  if (hit) return hit;
  const filters = buildFilters(parameter, column, value);
  if (!known) {
    known = new Map();
    filtersByParameter.set(parameter, known);
  }
  if (known.size >= MAX_FILTERS_PER_PARAMETER) known.clear();
  known.set(key, filters);
  return filters;
}

function buildFilters(parameter: DashboardParameter, column: string, value: unknown): Filter[] {
  const invalid = (detail: string) =>
    new ApiError("invalid_parameter", 400, `Parameter "${parameter.slug}" ${detail}.`);
  switch (parameter.type) {
    case "category":
    case "text":
    case "number": {
      const parsed = CategoryValue.safeParse(value);
      if (!parsed.success) throw invalid("must be a string, number or boolean, or a list of them");
      if (Array.isArray(parsed.data)) return [["in", column, parsed.data]];
      return [["=", column, parsed.data]];
    }
    case "date/single": {
      if (typeof value !== "string") throw invalid('must be a date like "2025-03-01"');
      return [["=", column, value]];
    }
    case "date/range": {
      const parsed = DateRangeValue.safeParse(value);
      if (!parsed.success) throw invalid('must be { from, to } or "from~to"');
      const { from, to } = parsed.data;
      if (from && to) return [["between", column, from, to]];
      if (from) return [[">=", column, from]];
      if (to) return [["<=", column, to]];
      return [];
    }
  }
}
