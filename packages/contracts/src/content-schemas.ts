import { z } from "zod";

// The content routes' answers (API.md, "Content", "Authentication", "Guest embedding"), shared by
// the server that writes them and the SDK that reads them. Objects are not `.strict()`: the
// server may add fields without breaking an SDK already in the field.

/** `POST /api/session/sso` and `POST /api/session/password`. */
export const SessionTokenResponseSchema = z.object({
  sessionToken: z.string().min(1),
  /** ISO 8601. */
  expiresAt: z.string().min(1),
});
export type SessionTokenResponse = z.infer<typeof SessionTokenResponseSchema>;

/** `GET /api/user/current`. */
export const CurrentUserResponseSchema = z.object({
  id: z.number(),
  email: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  groups: z.array(z.object({ id: z.number(), name: z.string() })),
  attributes: z.record(z.string(), z.unknown()),
  isAdmin: z.boolean(),
});
export type CurrentUserResponse = z.infer<typeof CurrentUserResponseSchema>;

/** How a dashboard filter reads its value (`date/range`: `"from~to"` or `{ from, to }`). */
export const DashboardParameterTypeSchema = z.enum([
  "category",
  "number",
  "date/range",
  "date/single",
  "text",
]);
export type DashboardParameterType = z.infer<typeof DashboardParameterTypeSchema>;

/** One filter of a dashboard, as the API lists it. */
export const DashboardParameterResponseSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  type: DashboardParameterTypeSchema,
  default: z.unknown(),
});
export type DashboardParameterResponse = z.infer<typeof DashboardParameterResponseSchema>;

/** A card on a dashboard's 24-column grid. */
export const DashboardCardResponseSchema = z.object({
  id: z.number(),
  cardId: z.number(),
  title: z.string(),
  description: z.string().nullable().optional(),
  display: z.string(),
  visualizationSettings: z.record(z.string(), z.unknown()).optional(),
  layout: z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() }),
  parameterMappings: z.array(
    z.object({ parameterId: z.string(), target: z.object({ column: z.string() }) }),
  ),
});
export type DashboardCardResponse = z.infer<typeof DashboardCardResponseSchema>;

/** `GET /api/dashboard/:id` and `GET /api/embed/dashboard/:token`. */
export const DashboardResponseSchema = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string().nullable(),
  parameters: z.array(DashboardParameterResponseSchema),
  cards: z.array(DashboardCardResponseSchema),
});
export type DashboardResponse = z.infer<typeof DashboardResponseSchema>;

/** `GET /api/card/:id` — a saved question; `query` and `dataSourceId` only for admins. */
export const CardResponseSchema = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string().nullable(),
  display: z.string(),
  queryKind: z.string(),
  visualizationSettings: z.record(z.string(), z.unknown()).optional(),
  collectionId: z.number().nullable(),
  query: z.unknown().optional(),
  dataSourceId: z.number().optional(),
});
export type CardResponse = z.infer<typeof CardResponseSchema>;

/** A column of a result: `type` is the semantic type (`number`, `date`, `category`, …). */
export const ResultColumnSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  type: z.string(),
});
export type ResultColumn = z.infer<typeof ResultColumnSchema>;

/** Every query route's answer: dashboard cards, saved questions, `/api/dataset`, guest cards. */
export const QueryResultSchema = z.object({
  columns: z.array(ResultColumnSchema),
  rows: z.array(z.array(z.unknown())),
  rowCount: z.number(),
  truncated: z.boolean(),
});
export type QueryResult = z.infer<typeof QueryResultSchema>;

/** `GET /api/dashboard/:id/params/:slug/values`. */
export const ParameterValuesResponseSchema = z.object({
  values: z.array(z.unknown()),
  truncated: z.boolean(),
});
export type ParameterValuesResponse = z.infer<typeof ParameterValuesResponseSchema>;

/** One entry of `GET /api/collection/:id/items`. */
export const CollectionItemSchema = z.object({
  id: z.number(),
  model: z.enum(["dashboard", "card", "collection"]),
  name: z.string(),
  description: z.string().nullable(),
});
export type CollectionItem = z.infer<typeof CollectionItemSchema>;

export const CollectionItemsResponseSchema = z.object({ items: z.array(CollectionItemSchema) });
export type CollectionItemsResponse = z.infer<typeof CollectionItemsResponseSchema>;
