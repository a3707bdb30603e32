import "server-only";
import {
  compileQuery,
  type DataPolicy,
  isQueryError,
  parseStructuredQuery,
  type StructuredQuery,
  type WarehouseMetadata,
} from "@embed/query";
import { z } from "zod";
import {
  type CardParameter,
  cardParameterMappings,
  type ParameterMapping,
} from "../content/parameters";
import { ApiError } from "../http/api-error";
import { getSettings } from "../settings/settings";
import { getWarehouse } from "../warehouse/warehouses";

/** A native question's query: the SQL, stored as written. */
export const NativeQuerySchema = z.object({ sql: z.string().trim().min(1).max(100_000) }).strict();

export type CheckedCardQuery =
  | { queryKind: "structured"; query: StructuredQuery }
  | { queryKind: "native"; query: z.infer<typeof NativeQuerySchema> };

/** Every synced table in full: the policy an administrator's validity checks compile under. */
export function fullAccessPolicy(metadata: WarehouseMetadata): DataPolicy {
  return {
    tables: Object.fromEntries(metadata.tables.map((table) => [table.name, { level: "full" }])),
  };
}

async function compileForCheck(dataSourceId: number, query: StructuredQuery) {
  const [{ metadata, driver }, { maxResultRows }] = await Promise.all([
    getWarehouse(dataSourceId, null),
    getSettings(),
  ]);
  return compileQuery(query, {
    metadata,
    policy: fullAccessPolicy(metadata),
    dialect: driver.dialect,
    maxRows: maxResultRows,
  });
}

/**
 * Checks a card's query against its data source: a structured query must parse AND compile
 * against the synced metadata (so a card never saves what could not run for anyone); a native one
 * must be `{ sql }`. Throws the query package's 4xx errors, or `invalid_query`.
 */
export async function checkCardQuery(
  dataSourceId: number,
  queryKind: "structured" | "native",
  query: unknown,
): Promise<CheckedCardQuery> {
  if (queryKind === "native") {
    const parsed = NativeQuerySchema.safeParse(query);
    if (!parsed.success) {
      throw new ApiError(
        "invalid_query",
        400,
        'A native query is { "sql": "SELECT …" } with non-empty SQL.',
      );
    }
    return { queryKind, query: parsed.data };
  }
  const parsed = parseStructuredQuery(query);
  await compileForCheck(dataSourceId, parsed);
  return { queryKind, query: parsed };
}

/**
 * Checks that dashboard parameter mappings fit a card: each names a parameter of the dashboard
 * and a column the card's query can filter on (its source table's `column`, or `table.column` of
 * a joined table) — decided by the compiler itself, with an `is-null` filter on that column.
 */
export async function checkParameterMappings(
  card: { name: string; queryKind: string; query: unknown; dataSourceId: number },
  mappings: readonly ParameterMapping[],
  parameterIds: ReadonlySet<string>,
): Promise<void> {
  if (mappings.length === 0) return;
  if (card.queryKind !== "structured") {
    throw new ApiError(
      "invalid_parameter_mapping",
      400,
      `"${card.name}" is a native question: dashboard parameters cannot filter it.`,
    );
  }
  const query = parseStructuredQuery(card.query);
  for (const mapping of mappings) {
    if (!parameterIds.has(mapping.parameterId)) {
      throw new ApiError(
        "invalid_parameter_mapping",
        400,
        `The dashboard has no parameter "${mapping.parameterId.slice(0, 64)}".`,
      );
    }
    try {
      await compileForCheck(card.dataSourceId, {
        ...query,
        filters: [...(query.filters ?? []), ["is-null", mapping.target.column]],
      });
    } catch (error) {
      if (!isQueryError(error) || error.status >= 500) throw error;
      throw new ApiError(
        "invalid_parameter_mapping",
        400,
        `Parameter "${mapping.parameterId.slice(0, 64)}" targets "${mapping.target.column.slice(0, 128)}", which "${card.name}" cannot filter on: name a column of its source table, or table.column of a joined table.`,
      );
    }
  }
}

/** Checks a question's own parameters: each must target a column the question can filter on. */
export async function checkCardParameters(
  card: { name: string; queryKind: string; query: unknown; dataSourceId: number },
  parameters: readonly CardParameter[],
): Promise<void> {
  await checkParameterMappings(
    card,
    cardParameterMappings(parameters),
    new Set(parameters.map((parameter) => parameter.id)),
  );
}
