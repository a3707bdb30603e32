import "server-only";
import { explainMappedGroups, honouredGroupClaims, type MappedGroupReason } from "@embed/db";
import { type DataPolicy, placeholderNames, type RowFilter } from "@embed/query";
import { z } from "zod";
import { contentViewerForSubject } from "../content/content-viewer";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { getSettings } from "../settings/settings";
import { identityFromClaims } from "../sso/verify-sso-token";

export const ClaimsTestSchema = z
  .object({
    /** The claims of an SSO token's payload, as the host would sign them. */
    claims: z.record(z.string(), z.unknown()),
  })
  .strict();

type GroupReason = MappedGroupReason | { source: "manual" };

/** One row filter as the query path would apply it, with the attribute values bound. */
type ExplainedFilter =
  | {
      kind: "column_attribute";
      column: string;
      attribute: string | null;
      value: unknown;
      /** The attribute is absent: this filter lets no row through. */
      missing: string[];
    }
  | {
      kind: "sql_view";
      sql: string;
      bound: Array<{ name: string; value: unknown }>;
      missing: string[];
    };

export type TableAccessExplained =
  | { level: "none" }
  | { level: "full" }
  | {
      level: "sandboxed";
      filters: ExplainedFilter[];
      hiddenColumns: string[];
      /** Why no row at all would be returned, or null when some filter lets rows through. */
      noRows: string | null;
    };

function isMissing(value: unknown): boolean {
  return value === undefined || value === null;
}

function explainFilter(filter: RowFilter): ExplainedFilter {
  if (filter.kind === "column_attribute") {
    const attribute = filter.attribute ?? null;
    return {
      kind: "column_attribute",
      column: filter.column,
      attribute,
      value: filter.value ?? null,
      missing: isMissing(filter.value) ? [attribute ?? filter.column] : [],
    };
  }
  const bound = placeholderNames(filter.sql).map((name) => ({
    name,
    value: filter.attributes[name] ?? null,
  }));
  return {
    kind: "sql_view",
    sql: filter.sql,
    bound,
    missing: bound.filter((entry) => isMissing(entry.value)).map((entry) => entry.name),
  };
}

function explainAccess(
  policy: DataPolicy,
  table: { name: string; columns: string[] },
): TableAccessExplained {
  const access = policy.tables[table.name];
  if (!access) return { level: "none" };
  if (access.level === "full") return { level: "full" };
  const filters = access.rowFilters.map(explainFilter);
  // As the compiler does (table-source.ts): rows matching ANY filter; a filter whose attribute
  // is missing matches none; no filter at all, none.
  let noRows: string | null = null;
  if (filters.length === 0) {
    noRows = "no rows — the sandbox has no row policy";
  } else if (filters.every((filter) => filter.missing.length > 0)) {
    const missing = [...new Set(filters.flatMap((filter) => filter.missing))];
    noRows = `no rows — attribute ${missing.join(", ")} missing`;
  }
  const visible = access.visibleColumns;
  return {
    level: "sandboxed",
    filters,
    hiddenColumns: visible === null ? [] : table.columns.filter((c) => !visible.includes(c)),
    noRows,
  };
}

/**
 * The claims tester: what an SSO login with these claims would get — its groups and why, the
 * attributes the data policies read, and its access to every table — computed by the very
 * functions a login and a query use (`identityFromClaims`, `explainMappedGroups` = the login's
 * mapping rule, `contentViewerForSubject` → `getEffectivePolicy`), and writing nothing: no user,
 * session, used token or audit event. Claims a login would refuse get the login's code, as a 400.
 */
export async function testClaims(claims: Record<string, unknown>) {
  let identity: ReturnType<typeof identityFromClaims>;
  try {
    identity = identityFromClaims(claims);
  } catch (error) {
    if (error instanceof ApiError) throw new ApiError(error.code, 400, error.publicMessage);
    throw error;
  }
  const settings = await getSettings();
  const db = await getAppDatabase();
  const claimedGroups = honouredGroupClaims({
    groups: identity.groups ?? null,
    groupSync: settings.groupSync,
  });
  const [mapped, existing] = await Promise.all([
    explainMappedGroups(db, identity.attributes, claimedGroups),
    db.prisma.user.findUnique({
      where: { email: identity.email },
      select: {
        id: true,
        isActive: true,
        isAdmin: true,
        memberships: {
          where: { source: "manual" },
          select: { group: { select: { id: true, name: true } } },
        },
      },
    }),
  ]);

  // A login keeps an existing user's manual memberships (record-sso-login.ts).
  const groups = new Map<number, { id: number; name: string; reasons: GroupReason[] }>(
    mapped.map((group) => [group.id, { ...group, reasons: [...group.reasons] }]),
  );
  for (const { group } of existing?.memberships ?? []) {
    const entry = groups.get(group.id) ?? { ...group, reasons: [] };
    entry.reasons.push({ source: "manual" });
    groups.set(group.id, entry);
  }

  let refusal: { code: string; message: string } | null = null;
  if (existing?.isAdmin) {
    refusal = {
      code: "sso_admin_refused",
      message: "This email belongs to a local administrator: an SSO login would be refused.",
    };
  } else if (existing && !existing.isActive) {
    refusal = {
      code: "user_deactivated",
      message: "This user is deactivated: an SSO login would be refused.",
    };
  }

  const groupList = [...groups.values()].sort((a, b) => a.name.localeCompare(b.name));
  const viewer = contentViewerForSubject({
    userId: null,
    isAdmin: false,
    groupIds: refusal ? [] : groupList.map((group) => group.id),
    attributes: identity.attributes,
    // Read what is stored now, not a cached version.
    configVersion: null,
    queryLimitKey: "claims-test",
  });
  const sources = await db.prisma.dataSource.findMany({
    orderBy: { id: "asc" },
    select: {
      id: true,
      name: true,
      tables: {
        where: { visible: true },
        orderBy: [{ schema: "asc" }, { name: "asc" }],
        select: {
          name: true,
          columns: { orderBy: { position: "asc" }, select: { name: true } },
        },
      },
    },
  });
  const dataSources = await Promise.all(
    sources.map(async (source) => {
      const policy = await viewer.policyFor(source.id);
      return {
        id: source.id,
        name: source.name,
        tables: source.tables.map((table) => ({
          name: table.name,
          access: explainAccess(policy, {
            name: table.name,
            columns: table.columns.map((column) => column.name),
          }),
        })),
      };
    }),
  );

  // The attributes the row policies read (tenant-like ones: primary_id, role …), and whether the
  // claims carry them.
  const policyAttributes = new Map<string, unknown>();
  for (const source of dataSources) {
    for (const table of source.tables) {
      if (table.access.level !== "sandboxed") continue;
      for (const filter of table.access.filters) {
        if (filter.kind === "column_attribute" && filter.attribute) {
          policyAttributes.set(filter.attribute, filter.value);
        } else if (filter.kind === "sql_view") {
          for (const entry of filter.bound) policyAttributes.set(entry.name, entry.value);
        }
      }
    }
  }

  return {
    identity: {
      email: identity.email,
      firstName: identity.firstName,
      lastName: identity.lastName,
      attributes: identity.attributes,
    },
    existingUserId: existing?.id ?? null,
    refusal,
    groupsClaim: { sent: identity.groups, honoured: settings.groupSync },
    groups: groupList,
    policyAttributes: [...policyAttributes.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name, value: value ?? null, present: !isMissing(value) })),
    dataSources,
  };
}

export type ClaimsTestResult = Awaited<ReturnType<typeof testClaims>>;
