import "server-only";
import { isQueryError } from "@embed/query";
import { z } from "zod";
import {
  AttributeNameSchema,
  PermissionLevelSchema,
  SqlViewSchema,
} from "~/shared/admin-schemas/policies";
import { recordAuditEvent } from "../audit/record-audit-event";
import {
  CardParameterSchema,
  ParameterMappingSchema,
  parseCardParameters,
  parseDashboardParameters,
  parseParameterMappings,
  requireLockedParametersMapped,
} from "../content/parameters";
import { getAppDatabase } from "../db/app-database";
import { clearResultCache } from "../execution/run-query";
import { ApiError } from "../http/api-error";
import {
  type CheckedCardFields,
  insertCard,
  requirePlacementsStillFit,
  saveCardChanges,
} from "./cards";
import { checkCardParameters, checkCardQuery, checkParameterMappings } from "./check-card-query";
import { checkSqlView } from "./check-sql-view";
import { createCollection, updateCollection } from "./collections";
import {
  createDashboard,
  DashboardParametersSchema,
  GuestEmbeddingEnabledSchema,
  refineUniqueParameters,
  updateDashboard,
  writeDashboardCards,
} from "./dashboards";
import { createGroup, createGroupMapping, deleteGroupMapping, updateGroup } from "./groups";
import { ADMIN_TRANSACTION_OPTIONS, type Db, refuseAdminOnlyGroup } from "./lookups";
import { deleteTablePermission, setTablePermission } from "./permissions";
import {
  deleteColumnPolicy,
  deleteRowPolicy,
  grantNativeQueries,
  revokeNativeQueries,
  setColumnPolicy,
  setRowPolicy,
} from "./policies";

// ---------------------------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------------------------

const Name = z.string().trim().min(1).max(200);
const EntityId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, "must be 1–100 of A–Z a–z 0–9 _ -");
const Description = z.string().max(2000).nullable();
const onTable = { group: Name, dataSource: Name, table: Name };

/**
 * Policy as code: one JSON document with the access configuration (groups, their attribute
 * mappings, table permissions, row and column policies, native SQL grants) and the content
 * (collections, cards, dashboards with their cards). Everything is named — groups, data sources,
 * tables and columns by name, content by `entityId` — so a document moves between instances; it
 * never holds a numeric id or a secret.
 *
 * Importing is declarative for what the document lists: each listed group ends up with exactly the
 * mappings, permissions, policies and grants the document gives it, and each listed dashboard with
 * exactly its listed cards. Groups and content the document does not mention are left alone, and
 * data sources are never created by an import (they carry connection secrets): they must exist
 * and be synced, by name.
 */
export const ConfigDocumentSchema = z
  .object({
    version: z.literal(1),
    groups: z.array(z.object({ name: Name, description: z.string().max(500).nullable() }).strict()),
    groupMappings: z.array(
      z
        .object({
          group: Name,
          attribute: z.string().trim().min(1).max(100),
          value: z.string().min(1).max(200),
        })
        .strict(),
    ),
    tablePermissions: z.array(z.object({ ...onTable, level: PermissionLevelSchema }).strict()),
    rowPolicies: z.array(
      z.discriminatedUnion("kind", [
        z
          .object({
            ...onTable,
            kind: z.literal("column_attribute"),
            column: Name,
            attribute: AttributeNameSchema,
          })
          .strict(),
        z.object({ ...onTable, kind: z.literal("sql_view"), sql: SqlViewSchema }).strict(),
      ]),
    ),
    columnPolicies: z.array(
      z.object({ ...onTable, visibleColumns: z.array(Name).max(2000) }).strict(),
    ),
    nativeGrants: z.array(z.object({ group: Name, dataSource: Name }).strict()),
    collections: z.array(
      z
        .object({
          entityId: EntityId,
          name: Name,
          description: Description,
          parent: EntityId.nullable(),
        })
        .strict(),
    ),
    cards: z.array(
      z
        .object({
          entityId: EntityId,
          name: Name,
          description: Description,
          collection: EntityId.nullable(),
          display: z.string().trim().min(1).max(50),
          dataSource: Name,
          queryKind: z.enum(["structured", "native"]),
          query: z.unknown(),
          visualizationSettings: z.record(z.string(), z.unknown()),
          /** Optional, so documents written before question parameters still import. */
          parameters: z
            .array(CardParameterSchema)
            .max(50)
            .superRefine(refineUniqueParameters)
            .optional(),
          /** Optional, so older documents still import: absent keeps the current switch (off if new). */
          guestEmbeddingEnabled: GuestEmbeddingEnabledSchema.optional(),
        })
        .strict(),
    ),
    dashboards: z.array(
      z
        .object({
          entityId: EntityId,
          name: Name,
          description: Description,
          collection: EntityId.nullable(),
          parameters: DashboardParametersSchema,
          /** Optional, so older documents still import: absent keeps the current switch (off if new). */
          guestEmbeddingEnabled: GuestEmbeddingEnabledSchema.optional(),
          cards: z
            .array(
              z
                .object({
                  entityId: EntityId,
                  card: EntityId,
                  x: z.number().int().min(0).max(1000),
                  y: z.number().int().min(0).max(100_000),
                  w: z.number().int().min(1).max(1000),
                  h: z.number().int().min(1).max(1000),
                  titleOverride: z.string().max(200).nullable(),
                  parameterMappings: z.array(ParameterMappingSchema).max(50),
                })
                .strict(),
            )
            .max(100),
        })
        .strict(),
    ),
  })
  .strict();

export type ConfigDocument = z.infer<typeof ConfigDocumentSchema>;

/** Largest document `PUT /api/admin/config` reads. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** JSON with object keys sorted: jsonb reorders keys, so equality is decided on this. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : item,
  );
}

const sameJson = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** A deterministic order by string keys (code units, not locale: the same on every machine). */
function byKeys<T>(...keys: Array<(item: T) => string | number>) {
  return (a: T, b: T) => {
    for (const key of keys) {
      const [x, y] = [key(a), key(b)];
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  };
}

type Path = Array<string | number>;

function formatPath(path: Path): string {
  return `$${path.map((part) => (typeof part === "number" ? `[${part}]` : `.${part}`)).join("")}`;
}

function invalidConfig(path: Path, message: string): ApiError {
  return new ApiError(
    "invalid_config",
    400,
    `Invalid configuration at ${formatPath(path)}: ${message}`,
  );
}

/** The API's 4xx errors as `invalid_config` at `path`; anything else as it is. */
function asInvalidConfig(path: Path, error: unknown): unknown {
  if (error instanceof ApiError && error.status < 500) {
    return invalidConfig(path, error.publicMessage);
  }
  if (isQueryError(error) && error.status < 500) return invalidConfig(path, error.message);
  return error;
}

/** Runs a check that throws the API's 4xx errors, re-throwing them as `invalid_config` at `path`. */
async function at<T>(path: Path, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    throw asInvalidConfig(path, error);
  }
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

/** The instance's configuration as one document (see `ConfigDocumentSchema`). */
export async function exportConfig(): Promise<ConfigDocument> {
  const { prisma } = await getAppDatabase();
  const nonAdmin = { group: { isAdminGroup: false } };
  const onTableSelect = {
    group: { select: { name: true } },
    table: { select: { name: true, dataSource: { select: { name: true } } } },
  } as const;
  const [
    groups,
    mappings,
    permissions,
    rowPolicies,
    columnPolicies,
    grants,
    collections,
    cards,
    dashboards,
  ] = await Promise.all([
    prisma.group.findMany({ where: { isAdminGroup: false } }),
    prisma.groupMapping.findMany({
      where: nonAdmin,
      include: { group: { select: { name: true } } },
    }),
    prisma.tablePermission.findMany({ where: nonAdmin, select: { level: true, ...onTableSelect } }),
    prisma.rowPolicy.findMany({
      where: nonAdmin,
      select: {
        kind: true,
        attributeName: true,
        sql: true,
        column: { select: { name: true } },
        ...onTableSelect,
      },
    }),
    prisma.columnPolicy.findMany({
      where: nonAdmin,
      select: {
        ...onTableSelect,
        visibleColumns: {
          orderBy: { column: { position: "asc" } },
          select: { column: { select: { name: true } } },
        },
      },
    }),
    prisma.nativeQueryGrant.findMany({
      where: nonAdmin,
      select: { group: { select: { name: true } }, dataSource: { select: { name: true } } },
    }),
    prisma.collection.findMany({ include: { parent: { select: { entityId: true } } } }),
    prisma.card.findMany({
      include: {
        collection: { select: { entityId: true } },
        dataSource: { select: { name: true } },
      },
    }),
    prisma.dashboard.findMany({
      include: {
        collection: { select: { entityId: true } },
        cards: { include: { card: { select: { entityId: true } } } },
      },
    }),
  ]);

  const onTableOf = (row: {
    group: { name: string };
    table: { name: string; dataSource: { name: string } };
  }) => ({
    group: row.group.name,
    dataSource: row.table.dataSource.name,
    table: row.table.name,
  });
  const onTableOrder = byKeys<{ group: string; dataSource: string; table: string }>(
    (row) => row.group,
    (row) => row.dataSource,
    (row) => row.table,
  );
  return {
    version: 1,
    groups: groups
      .map((group) => ({ name: group.name, description: group.description }))
      .sort(byKeys((group) => group.name)),
    groupMappings: mappings
      .map((mapping) => ({
        group: mapping.group.name,
        attribute: mapping.attribute,
        value: mapping.value,
      }))
      .sort(
        byKeys(
          (m) => m.group,
          (m) => m.attribute,
          (m) => m.value,
        ),
      ),
    tablePermissions: permissions
      .map((permission) => ({ ...onTableOf(permission), level: permission.level }))
      .sort(onTableOrder),
    rowPolicies: rowPolicies
      .map((policy): ConfigDocument["rowPolicies"][number] =>
        policy.kind === "sql_view"
          ? { ...onTableOf(policy), kind: "sql_view", sql: policy.sql ?? "" }
          : {
              ...onTableOf(policy),
              kind: "column_attribute",
              column: policy.column?.name ?? "",
              attribute: policy.attributeName ?? "",
            },
      )
      .sort(onTableOrder),
    columnPolicies: columnPolicies
      .map((policy) => ({
        ...onTableOf(policy),
        visibleColumns: policy.visibleColumns.map((entry) => entry.column.name),
      }))
      .sort(onTableOrder),
    nativeGrants: grants
      .map((grant) => ({ group: grant.group.name, dataSource: grant.dataSource.name }))
      .sort(
        byKeys(
          (g) => g.group,
          (g) => g.dataSource,
        ),
      ),
    collections: collections
      .map((collection) => ({
        entityId: collection.entityId,
        name: collection.name,
        description: collection.description,
        parent: collection.parent?.entityId ?? null,
      }))
      .sort(byKeys((c) => c.entityId)),
    cards: cards
      .map((card) => ({
        entityId: card.entityId,
        name: card.name,
        description: card.description,
        collection: card.collection?.entityId ?? null,
        display: card.display,
        dataSource: card.dataSource.name,
        queryKind: card.queryKind,
        query: card.query,
        visualizationSettings: (card.visualizationSettings ?? {}) as Record<string, unknown>,
        // Only when set: documents of questions without parameters stay as they were.
        ...(parseCardParameters(card.parameters).length > 0
          ? { parameters: parseCardParameters(card.parameters) }
          : {}),
        guestEmbeddingEnabled: card.guestEmbeddingEnabled,
      }))
      .sort(byKeys((c) => c.entityId)),
    dashboards: dashboards
      .map((dashboard) => ({
        entityId: dashboard.entityId,
        name: dashboard.name,
        description: dashboard.description,
        collection: dashboard.collection?.entityId ?? null,
        parameters: parseDashboardParameters(dashboard.parameters),
        guestEmbeddingEnabled: dashboard.guestEmbeddingEnabled,
        cards: dashboard.cards
          .map((dashcard) => ({
            entityId: dashcard.entityId,
            card: dashcard.card.entityId,
            x: dashcard.x,
            y: dashcard.y,
            w: dashcard.w,
            h: dashcard.h,
            titleOverride: dashcard.titleOverride,
            parameterMappings: parseParameterMappings(dashcard.parameterMappings),
          }))
          .sort(
            byKeys(
              (d) => d.y,
              (d) => d.x,
              (d) => d.entityId,
            ),
          ),
      }))
      .sort(byKeys((d) => d.entityId)),
  };
}

// ---------------------------------------------------------------------------------------------
// Import: resolve and validate everything first, then apply in one transaction
// ---------------------------------------------------------------------------------------------

interface TableRef {
  id: number;
  name: string;
  visible: boolean;
  dataSourceId: number;
  columns: Map<string, number>;
}
interface SourceRef {
  id: number;
  /** `null`: two schemas hold a table of that name, so the name alone does not say which. */
  tables: Map<string, TableRef | null>;
}

/** A card of the document whose query the import changes. */
type RequeriedCard = Parameters<typeof requirePlacementsStillFit>[1];

/** What the document's names resolve to, checked before anything is written. */
interface Resolved {
  groups: Set<string>;
  sources: Map<string, SourceRef>;
  tableOf: Map<object, TableRef>;
  collectionIdOf: Map<string, number>;
  cardIdOf: Map<string, number>;
}

async function loadSources(db: Db): Promise<Map<string, SourceRef>> {
  const sources = await db.dataSource.findMany({
    select: {
      id: true,
      name: true,
      tables: {
        select: {
          id: true,
          name: true,
          visible: true,
          columns: { select: { id: true, name: true } },
        },
      },
    },
  });
  return new Map(
    sources.map((source) => {
      const tables = new Map<string, TableRef | null>();
      for (const table of source.tables) {
        tables.set(
          table.name,
          tables.has(table.name)
            ? null
            : {
                id: table.id,
                name: table.name,
                visible: table.visible,
                dataSourceId: source.id,
                columns: new Map(table.columns.map((column) => [column.name, column.id])),
              },
        );
      }
      return [source.name, { id: source.id, tables }];
    }),
  );
}

async function validateDocument(db: Db, doc: ConfigDocument): Promise<Resolved> {
  const adminGroups = new Map(
    (
      await db.group.findMany({
        where: { isAdminGroup: true },
        select: { name: true, isAdminGroup: true },
      })
    ).map((group) => [group.name, group]),
  );
  const sources = await loadSources(db);
  const tableOf = new Map<object, TableRef>();
  const groups = new Set<string>();

  doc.groups.forEach((group, index) => {
    const admin = adminGroups.get(group.name);
    try {
      if (admin) refuseAdminOnlyGroup(admin, "it is not managed through configuration.");
    } catch (error) {
      throw asInvalidConfig(["groups", index, "name"], error);
    }
    if (groups.has(group.name)) {
      throw invalidConfig(["groups", index, "name"], `group "${group.name}" is listed twice.`);
    }
    groups.add(group.name);
  });

  const requireGroup = (path: Path, name: string) => {
    if (!groups.has(name)) {
      throw invalidConfig(path, `no group "${name}" in this document's "groups".`);
    }
  };
  const requireSource = (path: Path, name: string): SourceRef => {
    const source = sources.get(name);
    if (!source) throw invalidConfig(path, `there is no data source "${name}".`);
    return source;
  };
  const requireTable = (path: Path, entry: { dataSource: string; table: string }): TableRef => {
    const source = requireSource([...path, "dataSource"], entry.dataSource);
    const table = source.tables.get(entry.table);
    if (table === undefined) {
      throw invalidConfig(
        [...path, "table"],
        `data source "${entry.dataSource}" has no synced table "${entry.table}".`,
      );
    }
    if (table === null) {
      throw invalidConfig(
        [...path, "table"],
        `data source "${entry.dataSource}" has several tables named "${entry.table}".`,
      );
    }
    return table;
  };
  const requireColumn = (path: Path, table: TableRef, column: string): number => {
    const id = table.columns.get(column);
    if (id === undefined) {
      throw invalidConfig(path, `table "${table.name}" has no column "${column}".`);
    }
    return id;
  };
  const unique = (section: string) => {
    const seen = new Set<string>();
    return (path: Path, key: string, what: string) => {
      if (seen.has(key)) throw invalidConfig(path, `${what} is listed twice in "${section}".`);
      seen.add(key);
    };
  };

  const mappingOnce = unique("groupMappings");
  doc.groupMappings.forEach((mapping, index) => {
    requireGroup(["groupMappings", index, "group"], mapping.group);
    mappingOnce(
      ["groupMappings", index],
      JSON.stringify([mapping.group, mapping.attribute, mapping.value]),
      "this mapping",
    );
  });

  const onTableEntry = (
    section: string,
    index: number,
    entry: { group: string; dataSource: string; table: string },
    once: ReturnType<typeof unique>,
  ): TableRef => {
    const path: Path = [section, index];
    requireGroup([...path, "group"], entry.group);
    const table = requireTable(path, entry);
    once(
      path,
      `${entry.group}\u0000${table.id}`,
      `group "${entry.group}" on table "${table.name}"`,
    );
    tableOf.set(entry, table);
    return table;
  };

  const permissionOnce = unique("tablePermissions");
  doc.tablePermissions.forEach((entry, index) => {
    onTableEntry("tablePermissions", index, entry, permissionOnce);
  });

  // A SQL view already in force unchanged is not tried again: re-importing an export must not
  // depend on the warehouse answering.
  const storedViews = new Set(
    (
      await db.rowPolicy.findMany({
        where: { kind: "sql_view" },
        select: { tableId: true, sql: true, group: { select: { name: true } } },
      })
    ).map((policy) => JSON.stringify([policy.group.name, policy.tableId, policy.sql])),
  );
  const rowPolicyOnce = unique("rowPolicies");
  for (const [index, entry] of doc.rowPolicies.entries()) {
    const table = onTableEntry("rowPolicies", index, entry, rowPolicyOnce);
    if (entry.kind === "column_attribute") {
      requireColumn(["rowPolicies", index, "column"], table, entry.column);
    } else if (!storedViews.has(JSON.stringify([entry.group, table.id, entry.sql]))) {
      await at(["rowPolicies", index, "sql"], () =>
        checkSqlView(table.dataSourceId, table, entry.sql),
      );
    }
  }

  const columnPolicyOnce = unique("columnPolicies");
  doc.columnPolicies.forEach((entry, index) => {
    const table = onTableEntry("columnPolicies", index, entry, columnPolicyOnce);
    entry.visibleColumns.forEach((column, i) => {
      requireColumn(["columnPolicies", index, "visibleColumns", i], table, column);
    });
  });

  const grantOnce = unique("nativeGrants");
  doc.nativeGrants.forEach((grant, index) => {
    requireGroup(["nativeGrants", index, "group"], grant.group);
    requireSource(["nativeGrants", index, "dataSource"], grant.dataSource);
    grantOnce(
      ["nativeGrants", index],
      JSON.stringify([grant.group, grant.dataSource]),
      "this grant",
    );
  });

  // Content: references by entityId, to this document or to what the instance already holds.
  const [collections, cards, dashcards] = await Promise.all([
    db.collection.findMany({ select: { id: true, entityId: true, parentId: true } }),
    db.card.findMany(),
    db.dashboardCard.findMany({
      select: { entityId: true, dashboard: { select: { entityId: true } } },
    }),
  ]);
  const collectionIdOf = new Map(collections.map((c) => [c.entityId, c.id]));
  const cardIdOf = new Map(cards.map((card) => [card.entityId, card.id]));

  const parentOf = new Map<string, string | null>();
  const entityOfId = new Map(collections.map((c) => [c.id, c.entityId]));
  for (const collection of collections) {
    parentOf.set(
      collection.entityId,
      collection.parentId === null ? null : (entityOfId.get(collection.parentId) ?? null),
    );
  }
  const docCollections = new Set<string>();
  doc.collections.forEach((collection, index) => {
    if (docCollections.has(collection.entityId)) {
      throw invalidConfig(["collections", index, "entityId"], "this entityId is listed twice.");
    }
    docCollections.add(collection.entityId);
    parentOf.set(collection.entityId, collection.parent);
  });
  const requireCollectionRef = (path: Path, entityId: string | null) => {
    if (entityId !== null && !parentOf.has(entityId)) {
      throw invalidConfig(path, `there is no collection "${entityId}".`);
    }
  };
  doc.collections.forEach((collection, index) => {
    const path: Path = ["collections", index, "parent"];
    requireCollectionRef(path, collection.parent);
    const visited = new Set<string>();
    for (let current: string | null = collection.entityId; current !== null; ) {
      if (visited.has(current)) throw invalidConfig(path, "collections would contain each other.");
      visited.add(current);
      current = parentOf.get(current) ?? null;
    }
  });

  type CardShape = { name: string; queryKind: string; query: unknown; dataSourceId: number };
  const cardShapes = new Map<string, CardShape>(
    cards.map((card) => [card.entityId, card satisfies CardShape]),
  );
  const docCards = new Set<string>();
  for (const [index, card] of doc.cards.entries()) {
    const path: Path = ["cards", index];
    if (docCards.has(card.entityId)) {
      throw invalidConfig([...path, "entityId"], "this entityId is listed twice.");
    }
    docCards.add(card.entityId);
    requireCollectionRef([...path, "collection"], card.collection);
    const source = requireSource([...path, "dataSource"], card.dataSource);
    const checked = await at([...path, "query"], () =>
      checkCardQuery(source.id, card.queryKind, card.query),
    );
    cardShapes.set(card.entityId, { name: card.name, dataSourceId: source.id, ...checked });
    await at([...path, "parameters"], () =>
      checkCardParameters(
        { name: card.name, dataSourceId: source.id, ...checked },
        card.parameters ?? [],
      ),
    );
  }

  const dashcardOwner = new Map(dashcards.map((d) => [d.entityId, d.dashboard.entityId]));
  const docDashboards = new Set<string>();
  const docDashcards = new Set<string>();
  for (const [index, dashboard] of doc.dashboards.entries()) {
    const path: Path = ["dashboards", index];
    if (docDashboards.has(dashboard.entityId)) {
      throw invalidConfig([...path, "entityId"], "this entityId is listed twice.");
    }
    docDashboards.add(dashboard.entityId);
    requireCollectionRef([...path, "collection"], dashboard.collection);
    const parameterIds = new Set(dashboard.parameters.map((parameter) => parameter.id));
    for (const [i, dashcard] of dashboard.cards.entries()) {
      const cardPath: Path = [...path, "cards", i];
      const owner = dashcardOwner.get(dashcard.entityId);
      if (docDashcards.has(dashcard.entityId) || (owner && owner !== dashboard.entityId)) {
        throw invalidConfig(
          [...cardPath, "entityId"],
          "this dashboard card entityId belongs to another dashboard card.",
        );
      }
      docDashcards.add(dashcard.entityId);
      const card = cardShapes.get(dashcard.card);
      if (!card) throw invalidConfig([...cardPath, "card"], `there is no card "${dashcard.card}".`);
      await at([...cardPath, "parameterMappings"], () =>
        checkParameterMappings(card, dashcard.parameterMappings, parameterIds),
      );
    }
    // The admin API's rule, not a copy: a locked parameter filters every card that reads a table.
    requireLockedParametersMapped(
      dashboard.parameters,
      dashboard.cards.map((dashcard) => {
        const card = cardShapes.get(dashcard.card);
        return {
          name: card?.name ?? dashcard.card,
          readsTable: card?.queryKind !== "native",
          mappings: dashcard.parameterMappings,
        };
      }),
    );
  }
  return { groups, sources, tableOf, collectionIdOf, cardIdOf };
}

// A type, not an interface: the audit payload needs it to be an indexable JSON object.
type Counts = { created: number; updated: number; deleted: number };
export type ImportSummary = Record<
  | "groups"
  | "groupMappings"
  | "tablePermissions"
  | "rowPolicies"
  | "columnPolicies"
  | "nativeGrants"
  | "collections"
  | "cards"
  | "dashboards"
  | "dashboardCards",
  Counts
>;

/**
 * Imports a configuration document, all or nothing: every reference is resolved and every query,
 * SQL view and parameter mapping checked first (the first problem → 400 `invalid_config` with its
 * JSON path, and nothing changes); then the differences are written in one transaction, each
 * through the entity's own service (groups.ts, permissions.ts, policies.ts, collections.ts,
 * cards.ts, dashboards.ts: the same functions, rules and audit events as the REST routes, given
 * the transaction), so a failing write undoes them all and an import of an unchanged document
 * writes nothing but its `config.imported` event.
 */
export async function importConfig(raw: unknown, actorUserId: number) {
  const parsed = ConfigDocumentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidConfig(
      (issue?.path ?? []).filter((part): part is string | number => typeof part !== "symbol"),
      issue?.message ?? "the document does not match the schema.",
    );
  }
  const doc = parsed.data;
  const { prisma } = await getAppDatabase();
  // Checking talks to the warehouses (queries compile against their metadata, SQL views are
  // tried): before the transaction, which only writes.
  const resolved = await validateDocument(prisma, doc);

  const summary = await prisma.$transaction(
    (tx) => applyDocument(tx, doc, resolved, actorUserId),
    ADMIN_TRANSACTION_OPTIONS,
  );
  clearResultCache();
  const changed = Object.values(summary).some((c) => c.created + c.updated + c.deleted > 0);
  return { changed, summary };
}

async function applyDocument(
  tx: Db,
  doc: ConfigDocument,
  resolved: Resolved,
  actorUserId: number,
): Promise<ImportSummary> {
  const counts = (): Counts => ({ created: 0, updated: 0, deleted: 0 });
  const summary: ImportSummary = {
    groups: counts(),
    groupMappings: counts(),
    tablePermissions: counts(),
    rowPolicies: counts(),
    columnPolicies: counts(),
    nativeGrants: counts(),
    collections: counts(),
    cards: counts(),
    dashboards: counts(),
    dashboardCards: counts(),
  };
  const tableId = (entry: object) => (resolved.tableOf.get(entry) as TableRef).id;

  // Groups, by name.
  const existingGroups = new Map(
    (await tx.group.findMany({ where: { name: { in: [...resolved.groups] } } })).map((g) => [
      g.name,
      g,
    ]),
  );
  const groupId = new Map<string, number>();
  for (const group of doc.groups) {
    const existing = existingGroups.get(group.name);
    if (!existing) {
      const created = await createGroup(
        { name: group.name, description: group.description ?? undefined },
        actorUserId,
        tx,
      );
      groupId.set(group.name, created.id);
      summary.groups.created += 1;
    } else {
      groupId.set(group.name, existing.id);
      if (existing.description !== group.description) {
        await updateGroup(existing.id, { description: group.description }, actorUserId, tx);
        summary.groups.updated += 1;
      }
    }
  }
  const gid = (name: string) => groupId.get(name) as number;
  const inDocGroups = { groupId: { in: [...groupId.values()] } };

  // Mappings: exactly the document's, for the groups it lists.
  {
    const existing = await tx.groupMapping.findMany({ where: inDocGroups });
    const key = (g: number, attribute: string, value: string) =>
      JSON.stringify([g, attribute, value]);
    const wanted = new Set(doc.groupMappings.map((m) => key(gid(m.group), m.attribute, m.value)));
    const have = new Set(existing.map((m) => key(m.groupId, m.attribute, m.value)));
    const stale = existing.filter((m) => !wanted.has(key(m.groupId, m.attribute, m.value)));
    for (const mapping of stale) {
      await deleteGroupMapping(mapping.id, actorUserId, tx);
      summary.groupMappings.deleted += 1;
    }
    for (const mapping of doc.groupMappings) {
      if (have.has(key(gid(mapping.group), mapping.attribute, mapping.value))) continue;
      await createGroupMapping(
        { groupId: gid(mapping.group), attribute: mapping.attribute, value: mapping.value },
        actorUserId,
        tx,
      );
      summary.groupMappings.created += 1;
    }
  }

  const pairKey = (g: number, t: number) => `${g}:${t}`;

  // Table permissions.
  {
    const existing = new Map(
      (await tx.tablePermission.findMany({ where: inDocGroups })).map((p) => [
        pairKey(p.groupId, p.tableId),
        p,
      ]),
    );
    const wanted = new Set<string>();
    for (const entry of doc.tablePermissions) {
      const [g, t] = [gid(entry.group), tableId(entry)];
      wanted.add(pairKey(g, t));
      const current = existing.get(pairKey(g, t));
      if (current?.level === entry.level) continue;
      await setTablePermission({ groupId: g, tableId: t, level: entry.level }, actorUserId, tx);
      summary.tablePermissions[current ? "updated" : "created"] += 1;
    }
    for (const [key, permission] of existing) {
      if (wanted.has(key)) continue;
      await deleteTablePermission(permission.groupId, permission.tableId, actorUserId, tx);
      summary.tablePermissions.deleted += 1;
    }
  }

  // Row policies.
  {
    const existing = new Map(
      (await tx.rowPolicy.findMany({ where: inDocGroups })).map((p) => [
        pairKey(p.groupId, p.tableId),
        p,
      ]),
    );
    const wanted = new Set<string>();
    for (const entry of doc.rowPolicies) {
      const table = resolved.tableOf.get(entry) as TableRef;
      const [g, t] = [gid(entry.group), table.id];
      wanted.add(pairKey(g, t));
      const fields =
        entry.kind === "column_attribute"
          ? {
              kind: entry.kind,
              columnId: table.columns.get(entry.column) as number,
              attributeName: entry.attribute,
              sql: null,
            }
          : { kind: entry.kind, columnId: null, attributeName: null, sql: entry.sql };
      const current = existing.get(pairKey(g, t));
      if (
        current &&
        current.kind === fields.kind &&
        current.columnId === fields.columnId &&
        current.attributeName === fields.attributeName &&
        current.sql === fields.sql
      ) {
        continue;
      }
      // Every SQL view written here was tried by validateDocument (unchanged ones are skipped).
      await setRowPolicy(
        fields.kind === "column_attribute"
          ? { groupId: g, tableId: t, ...fields }
          : { groupId: g, tableId: t, kind: fields.kind, sql: fields.sql },
        actorUserId,
        { tx, sqlViewChecked: true },
      );
      summary.rowPolicies[current ? "updated" : "created"] += 1;
    }
    for (const [key, policy] of existing) {
      if (wanted.has(key)) continue;
      await deleteRowPolicy(policy.groupId, policy.tableId, actorUserId, tx);
      summary.rowPolicies.deleted += 1;
    }
  }

  // Column policies.
  {
    const existing = new Map(
      (
        await tx.columnPolicy.findMany({
          where: inDocGroups,
          include: { visibleColumns: { select: { columnId: true } } },
        })
      ).map((p) => [pairKey(p.groupId, p.tableId), p]),
    );
    const wanted = new Set<string>();
    for (const entry of doc.columnPolicies) {
      const table = resolved.tableOf.get(entry) as TableRef;
      const [g, t] = [gid(entry.group), table.id];
      wanted.add(pairKey(g, t));
      const columnIds = [
        ...new Set(entry.visibleColumns.map((c) => table.columns.get(c) as number)),
      ];
      const current = existing.get(pairKey(g, t));
      const currentIds = current?.visibleColumns.map((c) => c.columnId) ?? [];
      const same =
        current !== undefined &&
        currentIds.length === columnIds.length &&
        columnIds.every((id) => currentIds.includes(id));
      if (same) continue;
      await setColumnPolicy(
        { groupId: g, tableId: t, visibleColumnIds: columnIds },
        actorUserId,
        tx,
      );
      summary.columnPolicies[current ? "updated" : "created"] += 1;
    }
    for (const [key, policy] of existing) {
      if (wanted.has(key)) continue;
      await deleteColumnPolicy(policy.groupId, policy.tableId, actorUserId, tx);
      summary.columnPolicies.deleted += 1;
    }
  }

  // Native SQL grants.
  {
    const existing = await tx.nativeQueryGrant.findMany({ where: inDocGroups });
    const wanted = new Set(
      doc.nativeGrants.map((grant) =>
        pairKey(gid(grant.group), (resolved.sources.get(grant.dataSource) as SourceRef).id),
      ),
    );
    const have = new Set(existing.map((grant) => pairKey(grant.groupId, grant.dataSourceId)));
    for (const grant of existing) {
      if (wanted.has(pairKey(grant.groupId, grant.dataSourceId))) continue;
      await revokeNativeQueries(
        { groupId: grant.groupId, dataSourceId: grant.dataSourceId },
        actorUserId,
        tx,
      );
      summary.nativeGrants.deleted += 1;
    }
    for (const grant of doc.nativeGrants) {
      const [g, d] = [gid(grant.group), (resolved.sources.get(grant.dataSource) as SourceRef).id];
      if (have.has(pairKey(g, d))) continue;
      await grantNativeQueries({ groupId: g, dataSourceId: d }, actorUserId, tx);
      summary.nativeGrants.created += 1;
    }
  }

  // Collections, by entityId: created first, parents set once every collection exists.
  const collectionId = new Map(resolved.collectionIdOf);
  {
    const existing = new Map(
      (
        await tx.collection.findMany({
          where: { entityId: { in: doc.collections.map((c) => c.entityId) } },
        })
      ).map((c) => [c.entityId, c]),
    );
    const touched = new Set<string>();
    for (const collection of doc.collections) {
      const current = existing.get(collection.entityId);
      const fields = { name: collection.name, description: collection.description };
      if (!current) {
        const created = await createCollection(
          { entityId: collection.entityId, ...fields },
          actorUserId,
          tx,
        );
        collectionId.set(collection.entityId, created.id);
        summary.collections.created += 1;
        touched.add(collection.entityId);
      } else if (
        current.name !== collection.name ||
        current.description !== collection.description
      ) {
        await updateCollection(current.id, fields, actorUserId, tx);
        touched.add(collection.entityId);
      }
    }
    // Parents, shallowest first in the resulting tree: each move then hangs a collection under a
    // chain already final (and checked acyclic), so the service's own cycle check never sees a
    // cycle that exists only half-way through the import.
    const parentOf = new Map(
      (
        await tx.collection.findMany({
          select: { entityId: true, parent: { select: { entityId: true } } },
        })
      ).map((c) => [c.entityId, c.parent?.entityId ?? null]),
    );
    for (const collection of doc.collections) parentOf.set(collection.entityId, collection.parent);
    const depth = (entityId: string) => {
      let levels = 0;
      for (let at = parentOf.get(entityId) ?? null; at !== null; at = parentOf.get(at) ?? null) {
        levels += 1;
      }
      return levels;
    };
    const shallowestFirst = [...doc.collections].sort(byKeys((c) => depth(c.entityId)));
    for (const collection of shallowestFirst) {
      const parentId =
        collection.parent === null ? null : (collectionId.get(collection.parent) as number);
      const current = existing.get(collection.entityId);
      if (current && current.parentId === parentId) continue;
      if (!current && parentId === null) continue;
      await updateCollection(
        collectionId.get(collection.entityId) as number,
        { parentId },
        actorUserId,
        tx,
      );
      touched.add(collection.entityId);
    }
    summary.collections.updated = [...touched].filter((e) => existing.has(e)).length;
  }
  const collectionRef = (entityId: string | null) =>
    entityId === null ? null : (collectionId.get(entityId) as number);

  // Cards, by entityId.
  const cardId = new Map(resolved.cardIdOf);
  // Cards whose query changed: checked below against every dashboard placing them, including
  // those the document does not list (validateDocument only sees the listed ones).
  const requeried: RequeriedCard[] = [];
  {
    const existing = new Map(
      (
        await tx.card.findMany({ where: { entityId: { in: doc.cards.map((c) => c.entityId) } } })
      ).map((card) => [card.entityId, card]),
    );
    for (const card of doc.cards) {
      // As the document has it (validateDocument checked it): a re-export must compare equal.
      const data: CheckedCardFields = {
        name: card.name,
        description: card.description,
        collectionId: collectionRef(card.collection),
        display: card.display,
        dataSourceId: (resolved.sources.get(card.dataSource) as SourceRef).id,
        queryKind: card.queryKind,
        query: card.query,
        visualizationSettings: card.visualizationSettings,
        parameters: card.parameters ?? [],
        ...(card.guestEmbeddingEnabled !== undefined
          ? { guestEmbeddingEnabled: card.guestEmbeddingEnabled }
          : {}),
      };
      const current = existing.get(card.entityId);
      if (!current) {
        const created = await insertCard(tx, { entityId: card.entityId, ...data }, actorUserId);
        cardId.set(card.entityId, created.id);
        summary.cards.created += 1;
      } else if (
        current.name !== data.name ||
        current.description !== data.description ||
        current.collectionId !== data.collectionId ||
        current.display !== data.display ||
        current.dataSourceId !== data.dataSourceId ||
        current.queryKind !== data.queryKind ||
        !sameJson(current.query, card.query) ||
        !sameJson(current.visualizationSettings, card.visualizationSettings) ||
        !sameJson(current.parameters, card.parameters ?? []) ||
        (data.guestEmbeddingEnabled !== undefined &&
          current.guestEmbeddingEnabled !== data.guestEmbeddingEnabled)
      ) {
        await saveCardChanges(tx, current.id, data, actorUserId);
        summary.cards.updated += 1;
        if (
          current.dataSourceId !== data.dataSourceId ||
          current.queryKind !== data.queryKind ||
          !sameJson(current.query, card.query)
        ) {
          // validateDocument ran checkCardQuery on it: the query is a checked one.
          requeried.push({ id: current.id, ...data } as RequeriedCard);
        }
      }
    }
  }

  // Dashboards, by entityId, each with exactly its listed cards.
  {
    const existing = new Map(
      (
        await tx.dashboard.findMany({
          where: { entityId: { in: doc.dashboards.map((d) => d.entityId) } },
          include: { cards: true },
        })
      ).map((dashboard) => [dashboard.entityId, dashboard]),
    );
    for (const dashboard of doc.dashboards) {
      const data = {
        name: dashboard.name,
        description: dashboard.description,
        collectionId: collectionRef(dashboard.collection),
        parameters: dashboard.parameters,
        ...(dashboard.guestEmbeddingEnabled !== undefined
          ? { guestEmbeddingEnabled: dashboard.guestEmbeddingEnabled }
          : {}),
      };
      const current = existing.get(dashboard.entityId);
      const id = current
        ? current.id
        : (await createDashboard({ entityId: dashboard.entityId, ...data }, actorUserId, tx)).id;
      if (!current) summary.dashboards.created += 1;
      const currentCards = new Map((current?.cards ?? []).map((d) => [d.entityId, d]));
      const counts = { created: 0, updated: 0, deleted: 0 };
      const placements = dashboard.cards.map((dashcard) => {
        const fields = {
          cardId: cardId.get(dashcard.card) as number,
          x: dashcard.x,
          y: dashcard.y,
          w: dashcard.w,
          h: dashcard.h,
          titleOverride: dashcard.titleOverride,
          parameterMappings: dashcard.parameterMappings,
        };
        const was = currentCards.get(dashcard.entityId);
        if (!was) counts.created += 1;
        else if (
          was.cardId !== fields.cardId ||
          was.x !== fields.x ||
          was.y !== fields.y ||
          was.w !== fields.w ||
          was.h !== fields.h ||
          was.titleOverride !== fields.titleOverride ||
          !sameJson(was.parameterMappings, dashcard.parameterMappings)
        ) {
          counts.updated += 1;
        }
        return was ? { id: was.id, ...fields } : { entityId: dashcard.entityId, ...fields };
      });
      const listed = new Set(dashboard.cards.map((d) => d.entityId));
      counts.deleted = [...currentCards.values()].filter((d) => !listed.has(d.entityId)).length;
      if (counts.created + counts.updated + counts.deleted > 0) {
        await writeDashboardCards(tx, { id, name: dashboard.name }, placements, actorUserId);
        for (const key of ["created", "updated", "deleted"] as const) {
          summary.dashboardCards[key] += counts[key];
        }
      }
      // After its cards: the service checks locked parameters against the cards now in place.
      if (
        current &&
        (current.name !== data.name ||
          current.description !== data.description ||
          current.collectionId !== data.collectionId ||
          !sameJson(current.parameters, dashboard.parameters) ||
          (data.guestEmbeddingEnabled !== undefined &&
            current.guestEmbeddingEnabled !== data.guestEmbeddingEnabled))
      ) {
        await updateDashboard(id, data, actorUserId, tx);
        summary.dashboards.updated += 1;
      }
    }
  }

  for (const card of requeried) await requirePlacementsStillFit(tx, card);

  await recordAuditEvent(
    {
      type: "config.imported",
      actorUserId,
      resourceType: "config",
      payload: { version: doc.version, ...summary },
    },
    tx,
  );
  return summary;
}
