import "server-only";
import type { Card, Prisma } from "@embed/db";
import {
  buildDrillThroughQuery,
  type CompiledQuery,
  compileFilterValues,
  compileNativeQuery,
  compileQuery,
  type DataPolicy,
  type Filter,
  type NativeQueryValues,
  parseStructuredQuery,
  QueryError,
  type QueryStream,
  type SqlDialect,
  type StructuredQuery,
} from "@embed/query";
import { sharedConfigCache } from "../cache/config-cache";
import { encodeShared, encodeValue, keyOf } from "../cache/value-key";
import { getAppDatabase } from "../db/app-database";
import { type RunResult, runCompiledQuery, streamCompiledQuery } from "../execution/run-query";
import { ApiError } from "../http/api-error";
import { processWide } from "../process-wide";
import { getSettings } from "../settings/settings";
import { getWarehouse, type Warehouse } from "../warehouse/warehouses";
import type { ContentViewer } from "./content-viewer";
import {
  type DashboardParameter,
  filtersForCard,
  parseDashboardParameters,
  parseParameterMappings,
} from "./parameters";

/** The tables a structured query reads: its source and its joins. */
export function tablesOf(query: StructuredQuery): string[] {
  return [query.source, ...(query.joins ?? []).map((join) => join.table)];
}

// Parsed queries by the stored query object they were parsed from. Card rows are cached per
// configuration version (`loadCardDefinition`, `loadDashboardDefinition`), so a query is parsed
// once per version and its parse goes with the rows.
const parsedQueries = processWide(
  "content.parsedQueries",
  () => new WeakMap<object, StructuredQuery | null>(),
);

function parseOrNull(query: unknown): StructuredQuery | null {
  try {
    return parseStructuredQuery(query);
  } catch {
    return null;
  }
}

/**
 * A saved question's structured query, or null for native SQL (and for a malformed one).
 * Shared by every caller that holds the same row: never mutate one.
 */
export function structuredQueryOf(card: Pick<Card, "queryKind" | "query">): StructuredQuery | null {
  if (card.queryKind !== "structured") return null;
  const stored = card.query;
  if (typeof stored !== "object" || stored === null) return parseOrNull(stored);
  const known = parsedQueries.get(stored);
  if (known !== undefined) return known;
  const parsed = parseOrNull(stored);
  parsedQueries.set(stored, parsed);
  return parsed;
}

function canSeeStructured(query: StructuredQuery, policy: DataPolicy): boolean {
  return tablesOf(query).every((table) => table in policy.tables);
}

/**
 * Whether the viewer may see a card: every table it reads exists for them (any access level), or,
 * for native SQL, they may run native SQL on its data source. This is THE content rule; lists,
 * dashboards and queries all go through it.
 */
export async function canSeeCard(viewer: ContentViewer, card: Card): Promise<boolean> {
  const query = structuredQueryOf(card);
  if (query) return canSeeStructured(query, await viewer.policyFor(card.dataSourceId));
  return card.queryKind === "native" && (await viewer.canRunNative(card.dataSourceId));
}

const dashboardInclude = {
  cards: { orderBy: [{ y: "asc" }, { x: "asc" }], include: { card: true } },
} satisfies Prisma.DashboardInclude;
type DashboardWithCards = Prisma.DashboardGetPayload<{ include: typeof dashboardInclude }>;

/** A dashboard as stored, with its cards and parsed parameters. Shared: never mutate one. */
export type DashboardDefinition = Omit<DashboardWithCards, "parameters"> & {
  parameters: DashboardParameter[];
};

const dashboardDefinitions = sharedConfigCache<DashboardDefinition | null>("dashboards");

/**
 * A dashboard's definition, whoever looks: cached per configuration version (`null` reads the
 * database), so a dashboard request costs no configuration query while nothing changes.
 */
export function loadDashboardDefinition(
  dashboardId: number,
  configVersion: string | null,
): Promise<DashboardDefinition | null> {
  return dashboardDefinitions.get(String(dashboardId), configVersion, async () => {
    const { prisma } = await getAppDatabase();
    const dashboard = await prisma.dashboard.findUnique({
      where: { id: dashboardId },
      include: dashboardInclude,
    });
    return (
      dashboard && { ...dashboard, parameters: parseDashboardParameters(dashboard.parameters) }
    );
  });
}

type Dashcard = DashboardWithCards["cards"][number];

// The cards of a dashboard each set of viewers may see (`visibilityKey`), per configuration
// version: decided by `canSeeCard` once per version, not once per card per request.
const visibleDashcards = sharedConfigCache<readonly Dashcard[]>("visibleDashcards");

async function visibleCardsOf(
  dashboard: DashboardDefinition,
  viewer: ContentViewer,
): Promise<readonly Dashcard[]> {
  const visible: Dashcard[] = [];
  for (const dashcard of dashboard.cards)
    if (await canSeeCard(viewer, dashcard.card)) visible.push(dashcard);
  return visible;
}

/**
 * A dashboard with the cards the viewer may see. A dashboard with none of them is, for this
 * viewer, a dashboard that does not exist: 404 either way, so existence is not revealed.
 */
export async function loadVisibleDashboard(dashboardId: number, viewer: ContentViewer) {
  const dashboard = await loadDashboardDefinition(dashboardId, viewer.configVersion);
  // Built only to be thrown: an error object (and its stack) costs on every request otherwise.
  const notFound = () =>
    new ApiError("dashboard_not_found", 404, `There is no dashboard ${dashboardId}.`);
  if (!dashboard) throw notFound();
  const visible =
    viewer.visibilityKey === undefined
      ? await visibleCardsOf(dashboard, viewer)
      : await visibleDashcards.get(
          `${dashboardId}:${viewer.visibilityKey}`,
          viewer.configVersion,
          () => visibleCardsOf(dashboard, viewer),
        );
  if (visible.length === 0) throw notFound();
  return { ...dashboard, cards: visible };
}

export type VisibleDashboard = Awaited<ReturnType<typeof loadVisibleDashboard>>;

/** The API's view of a dashboard (API.md: GET /api/dashboard/:id). */
export function dashboardResponse(
  dashboard: VisibleDashboard,
  parameters: DashboardParameter[] = dashboard.parameters,
) {
  return {
    id: dashboard.id,
    name: dashboard.name,
    description: dashboard.description,
    parameters: parameters.map(({ id, slug, name, type, default: defaultValue }) => ({
      id,
      slug,
      name,
      type,
      default: defaultValue ?? null,
    })),
    cards: dashboard.cards.map((dashcard) => ({
      id: dashcard.id,
      cardId: dashcard.cardId,
      title: dashcard.titleOverride ?? dashcard.card.name,
      description: dashcard.card.description,
      display: dashcard.card.display,
      visualizationSettings: dashcard.card.visualizationSettings,
      layout: { x: dashcard.x, y: dashcard.y, w: dashcard.w, h: dashcard.h },
      parameterMappings: parseParameterMappings(dashcard.parameterMappings).filter((mapping) =>
        parameters.some((parameter) => parameter.id === mapping.parameterId),
      ),
    })),
  };
}

export function findDashcard(dashboard: VisibleDashboard, dashcardId: number) {
  const dashcard = dashboard.cards.find((candidate) => candidate.id === dashcardId);
  if (!dashcard)
    throw new ApiError(
      "card_not_found",
      404,
      `Dashboard ${dashboard.id} has no card ${dashcardId}.`,
    );
  return dashcard;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Defaults to the server's max result rows; exports pass their own (larger) cap. */
  maxRows?: number;
  /** `false`: run fresh ("view as" checks a policy usually just changed). */
  useCache?: boolean;
  /** Sees the compiled SQL and its bound parameters ("view as" shows them). */
  onCompiled?: (compiled: CompiledQuery) => void;
}

// Compiled SQL per configuration version, by everything it is compiled from (see `compileOnce`).
const compiledQueries = sharedConfigCache<CompiledQuery>("compiledQueries");

/**
 * `compile()`'s result, compiled once per configuration version for equal inputs. `inputs` (each
 * encoded by `encodeValue`/`encodeShared`, null when it cannot be) must hold everything the SQL and
 * its bound parameters depend on that the version does not fix: the whole query (with the
 * request's filters or values), the viewer's effective policy itself (their attribute values
 * included), the data source, its data version, dialect and row cap. So an entry is only ever
 * shared by requests that would compile the very same statement, and nothing crosses a policy.
 * A `null` version (an admin's preview) compiles afresh; a failure is never kept.
 * The result is shared: frozen, so no caller can change it for the next one.
 */
function compileOnce(
  configVersion: string | null,
  inputs: (string | null)[],
  compile: () => CompiledQuery,
): Promise<CompiledQuery> {
  if (configVersion === null || inputs.includes(null)) return (async () => compile())();
  return compiledQueries.get(keyOf(inputs.join("")), configVersion, async () => {
    const compiled = compile();
    Object.freeze(compiled.parameters);
    Object.freeze(compiled.columns);
    return Object.freeze(compiled);
  });
}

/**
 * A structured query compiled under the viewer's policy, with the warehouse to run it on.
 * `card`: the query is a cached card's parse (encoded once) and gets these extra filters.
 */
async function compileStructuredQuery(
  viewer: ContentViewer,
  dataSourceId: number,
  query: StructuredQuery,
  maxRows: number | undefined,
  card?: { extraFilters: Filter[] },
): Promise<{ warehouse: Warehouse; compiled: CompiledQuery }> {
  const [warehouse, policy, settings] = await Promise.all([
    getWarehouse(dataSourceId, viewer.configVersion),
    viewer.policyFor(dataSourceId),
    getSettings(),
  ]);
  const dialect = warehouse.driver.dialect;
  const rowCap = maxRows ?? settings.maxResultRows;
  const compiled = await compileOnce(
    viewer.configVersion,
    [
      // The metadata is the data source's as of the configuration version (see getWarehouse).
      encodeValue(["structured", dataSourceId, warehouse.dataVersion, dialect.name, rowCap]),
      card ? encodeShared(query) : encodeValue(query),
      encodeValue(card?.extraFilters ?? null),
      encodeShared(policy),
    ],
    () =>
      compileQuery(
        card ? { ...query, filters: [...(query.filters ?? []), ...card.extraFilters] } : query,
        { metadata: warehouse.metadata, policy, dialect, maxRows: rowCap },
      ),
  );
  return { warehouse, compiled };
}

/** Runs compiled content SQL for a viewer: the result cache, and the viewer's query limit. */
async function runFor(
  viewer: ContentViewer,
  { warehouse, compiled }: { warehouse: Warehouse; compiled: CompiledQuery },
  options: RunOptions,
): Promise<RunResult & { sql: string }> {
  options.onCompiled?.(compiled);
  const result = await runCompiledQuery(warehouse, compiled, {
    limitKey: viewer.queryLimitKey,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.useCache === false ? { useCache: false } : {}),
  });
  return { ...result, sql: compiled.sql };
}

/** Compiles a structured query under the viewer's policy and runs it. */
export async function runStructuredQuery(
  viewer: ContentViewer,
  dataSourceId: number,
  query: StructuredQuery,
  options: RunOptions = {},
): Promise<RunResult & { sql: string }> {
  return runFor(
    viewer,
    await compileStructuredQuery(viewer, dataSourceId, query, options.maxRows),
    options,
  );
}

/**
 * A native question compiled for a viewer: only for someone who may run native SQL on its data
 * source (admins, or `mayRunNativeSql`: a grant and full access to every table) — checked here, so
 * no caller can skip it. `{{name}}` placeholders take `values[name]` as bound parameters (on a
 * dashboard: the parameter values by slug).
 */
export async function compileNativeCard(
  viewer: ContentViewer,
  card: Pick<Card, "id" | "queryKind" | "query" | "dataSourceId">,
  values: Record<string, unknown>,
  options: { dialect?: SqlDialect; maxRows: number },
): Promise<CompiledQuery> {
  if (card.queryKind !== "native" || !(await viewer.canRunNative(card.dataSourceId))) {
    throw new ApiError(
      "native_query_forbidden",
      403,
      "This question is native SQL, which you may not run on its data source.",
    );
  }
  const query = card.query as { sql?: unknown } | null;
  if (typeof query?.sql !== "string") {
    throw new QueryError("invalid_query", `question ${card.id} has no SQL to run`);
  }
  const sqlText = query.sql;
  // compileNativeQuery checks each value's shape: request JSON is refused there, not bound.
  return compileOnce(
    viewer.configVersion,
    [
      encodeValue([
        "native",
        card.dataSourceId,
        options.dialect?.name ?? null,
        options.maxRows,
        sqlText,
        values,
      ]),
    ],
    () => compileNativeQuery(sqlText, values as NativeQueryValues, options),
  );
}

/**
 * Compiles a card for a viewer: a structured one with extra filters (e.g. from dashboard
 * parameters), a native one with `parameterValues` for its placeholders. Running it and
 * exporting it both start here, so an export is exactly the card's query.
 */
async function compileCard(
  viewer: ContentViewer,
  card: Card,
  extraFilters: Filter[],
  options: { maxRows?: number | undefined; parameterValues?: Record<string, unknown> | undefined },
): Promise<{ warehouse: Warehouse; compiled: CompiledQuery }> {
  if (card.queryKind === "native") {
    const [warehouse, settings] = await Promise.all([
      getWarehouse(card.dataSourceId, viewer.configVersion),
      getSettings(),
    ]);
    const compiled = await compileNativeCard(viewer, card, options.parameterValues ?? {}, {
      dialect: warehouse.driver.dialect,
      maxRows: options.maxRows ?? settings.maxResultRows,
    });
    return { warehouse, compiled };
  }
  const query = structuredQueryOf(card);
  if (!query) {
    throw new QueryError("invalid_query", `question ${card.id} has no structured query to run`);
  }
  return compileStructuredQuery(viewer, card.dataSourceId, query, options.maxRows, {
    extraFilters,
  });
}

/** A guest's locked parameters, which must restrict this card (undefined for a signed-in user). */
function lockedFor(
  viewer: ContentViewer,
  dashcard: { titleOverride: string | null; card: Pick<Card, "name" | "queryKind"> },
) {
  if (!viewer.lockedParameters) return undefined;
  return {
    slugs: viewer.lockedParameters,
    card: {
      name: dashcard.titleOverride ?? dashcard.card.name,
      readsTable: dashcard.card.queryKind !== "native",
    },
  };
}

/**
 * Runs a card: a structured one with extra filters (e.g. from dashboard parameters), a native one
 * with `parameterValues` for its placeholders.
 */
export async function runCard(
  viewer: ContentViewer,
  card: Card,
  extraFilters: Filter[],
  options: RunOptions & { parameterValues?: Record<string, unknown> } = {},
) {
  return runFor(viewer, await compileCard(viewer, card, extraFilters, options), options);
}

/** A dashboard card's filters and native values from the dashboard's parameter values. */
function dashcardInputs(
  viewer: ContentViewer,
  dashboard: VisibleDashboard,
  dashcardId: number,
  values: Record<string, unknown>,
  parameters: DashboardParameter[],
) {
  const dashcard = findDashcard(dashboard, dashcardId);
  // Also refuses unknown slugs and ill-typed values. A native card has no mappings: it gets the
  // values themselves for its {{slug}} placeholders instead (default filled in; "" is no value,
  // as for a filter).
  const filters = filtersForCard(
    parameters,
    parseParameterMappings(dashcard.parameterMappings),
    values,
    lockedFor(viewer, dashcard),
  );
  const parameterValues =
    dashcard.card.queryKind === "native"
      ? Object.fromEntries(
          parameters.map((p) => {
            const value = values[p.slug] ?? p.default;
            return [p.slug, value === "" ? undefined : value];
          }),
        )
      : undefined;
  return { dashcard, filters, parameterValues };
}

/** Runs one card of a dashboard with the dashboard's parameter values applied. */
export async function runDashcard(
  viewer: ContentViewer,
  dashboard: VisibleDashboard,
  dashcardId: number,
  values: Record<string, unknown>,
  options: RunOptions & { parameters?: DashboardParameter[] } = {},
) {
  const { dashcard, filters, parameterValues } = dashcardInputs(
    viewer,
    dashboard,
    dashcardId,
    values,
    options.parameters ?? dashboard.parameters,
  );
  return {
    dashcard,
    result: await runCard(viewer, dashcard.card, filters, { ...options, parameterValues }),
  };
}

/**
 * Exports one card of a dashboard: the same compiled SQL as `runDashcard` (same policy, same
 * parameters), read from a cursor instead of into memory and never cached. The caller must
 * close the stream.
 */
export async function streamDashcard(
  viewer: ContentViewer,
  dashboard: VisibleDashboard,
  dashcardId: number,
  values: Record<string, unknown>,
  options: RunOptions & { parameters?: DashboardParameter[] } = {},
): Promise<{ dashcard: VisibleDashboard["cards"][number]; stream: QueryStream }> {
  const { dashcard, filters, parameterValues } = dashcardInputs(
    viewer,
    dashboard,
    dashcardId,
    values,
    options.parameters ?? dashboard.parameters,
  );
  const { warehouse, compiled } = await compileCard(viewer, dashcard.card, filters, {
    maxRows: options.maxRows,
    parameterValues,
  });
  const stream = await streamCompiledQuery(warehouse, compiled, {
    limitKey: viewer.queryLimitKey,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { dashcard, stream };
}

/**
 * The values a dashboard filter may take, from the columns it is mapped to on cards the viewer
 * may see — through the same policy as the cards themselves.
 */
export async function parameterValues(
  viewer: ContentViewer,
  dashboard: VisibleDashboard,
  slug: string,
  options: { search?: string; signal?: AbortSignal } = {},
) {
  const parameter = dashboard.parameters.find((candidate) => candidate.slug === slug);
  if (!parameter)
    throw new ApiError(
      "invalid_parameter",
      404,
      `This dashboard has no parameter "${slug.slice(0, 64)}".`,
    );
  const targets = new Map<string, { dataSourceId: number; table: string; column: string }>();
  for (const dashcard of dashboard.cards) {
    const query = structuredQueryOf(dashcard.card);
    if (!query) continue;
    for (const mapping of parseParameterMappings(dashcard.parameterMappings)) {
      if (mapping.parameterId !== parameter.id) continue;
      const [table, column] = mapping.target.column.includes(".")
        ? (mapping.target.column.split(".", 2) as [string, string])
        : [query.source, mapping.target.column];
      targets.set(`${dashcard.card.dataSourceId}:${table}.${column}`, {
        dataSourceId: dashcard.card.dataSourceId,
        table,
        column,
      });
    }
  }
  const values = new Set<unknown>();
  let truncated = false;
  for (const target of targets.values()) {
    const [warehouse, policy] = await Promise.all([
      getWarehouse(target.dataSourceId, viewer.configVersion),
      viewer.policyFor(target.dataSourceId),
    ]);
    const compiled = compileFilterValues(target.table, target.column, {
      metadata: warehouse.metadata,
      policy,
      dialect: warehouse.driver.dialect,
      limit: 1000,
      ...(options.search ? { search: options.search } : {}),
    });
    const result = await runCompiledQuery(warehouse, compiled, {
      limitKey: viewer.queryLimitKey,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    for (const row of result.rows) values.add(row[0]);
    truncated ||= result.truncated;
  }
  return { values: [...values].sort((a, b) => String(a).localeCompare(String(b))), truncated };
}

/**
 * Drill-through on a dashboard card: the rows behind a clicked bar, point, slice or row. The
 * clicked breakout values become filters on the card's query (with the dashboard's parameters),
 * without aggregations — built here, by @embed/query's one rule, and run under the viewer's
 * policy like everything else. Native questions cannot be drilled into.
 */
export async function drillDashcard(
  viewer: ContentViewer,
  dashboard: VisibleDashboard,
  dashcardId: number,
  values: Record<string, unknown>,
  clicked: readonly unknown[],
  options: RunOptions = {},
) {
  const dashcard = findDashcard(dashboard, dashcardId);
  const query = structuredQueryOf(dashcard.card);
  if (!query) {
    throw new ApiError("invalid_query", 400, "Only structured questions can be drilled into.");
  }
  const filters = filtersForCard(
    dashboard.parameters,
    parseParameterMappings(dashcard.parameterMappings),
    values,
    lockedFor(viewer, dashcard),
  );
  const drill = buildDrillThroughQuery(
    { ...query, filters: [...(query.filters ?? []), ...filters] },
    clicked,
  );
  return runStructuredQuery(viewer, dashcard.card.dataSourceId, drill, options);
}
