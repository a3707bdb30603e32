import "server-only";
import type { Filter } from "@embed/query";
import { z } from "zod";
import { ApiError } from "../http/api-error";

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

export function parseDashboardParameters(raw: unknown): DashboardParameter[] {
  const parsed = z.array(DashboardParameterSchema).safeParse(raw);
  return parsed.success ? parsed.data : [];
}

export function parseParameterMappings(raw: unknown): ParameterMapping[] {
  const parsed = z.array(ParameterMappingSchema).safeParse(raw);
  return parsed.success ? parsed.data : [];
}

/**
 * The filters a dashboard card gets from the dashboard's parameter values. Values become filter
 * VALUES of the structured query (bound parameters downstream); the column comes from the
 * admin's mapping, never from the request. Unknown slugs and ill-typed values are refused.
 */
export function filtersForCard(
  parameters: DashboardParameter[],
  mappings: ParameterMapping[],
  values: Record<string, unknown>,
): Filter[] {
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

function filtersFor(parameter: DashboardParameter, column: string, value: unknown): Filter[] {
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
