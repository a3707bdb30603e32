import "server-only";
import type { DataPolicy } from "@embed/query";
import { sharedConfigCache } from "../cache/config-cache";
import { getAppDatabase } from "../db/app-database";
import { getEffectivePolicy, groupSetKey, type PolicySubject } from "../policies/effective-policy";
import type { Viewer } from "../sessions/sessions";

/**
 * Whoever is looking at content: a signed-in user (their groups' policies) or a guest-embed token
 * (access limited to what the token opens). Content code asks this one object what may be seen,
 * so every route applies the same rules. Policies are memoised for the request.
 */
export interface ContentViewer {
  kind: "user" | "guest";
  userId: number | null;
  attributes: Record<string, unknown>;
  isAdmin: boolean;
  /** The configuration version the request read; null reads the database (no cache). */
  configVersion: string | null;
  /**
   * Viewers with the same key see the same cards under one configuration version (the tables
   * their policy lists and their native SQL right depend on nothing else: attribute values only
   * fill in row filters). Undefined: do not share what this viewer may see.
   */
  visibilityKey?: string;
  policyFor(dataSourceId: number): Promise<DataPolicy>;
  /** Native SQL on a data source: admins, or as `mayRunNativeSql` says. */
  canRunNative(dataSourceId: number): Promise<boolean>;
  /**
   * Guests: the slugs of the locked parameters, which must restrict every card that reads a table
   * (checked again when a card runs, so a gap in the configuration fails closed).
   */
  lockedParameters?: ReadonlySet<string>;
  /**
   * Whom the heavy-query limit counts against: the session, an admin's user (all their
   * sessions together), a guest token's hash.
   */
  queryLimitKey: string;
}

function memoise<T>(load: (id: number) => Promise<T>): (id: number) => Promise<T> {
  const cache = new Map<number, Promise<T>>();
  return (id) => {
    let value = cache.get(id);
    if (!value) {
      value = load(id);
      cache.set(id, value);
    }
    return value;
  };
}

export function contentViewerForUser(viewer: Viewer): ContentViewer {
  return contentViewerForSubject({
    userId: viewer.user.id,
    isAdmin: viewer.user.isAdmin,
    groupIds: viewer.user.groups.map((group) => group.id),
    attributes: viewer.user.attributes,
    configVersion: viewer.configVersion,
    queryLimitKey: viewer.user.isAdmin ? `user:${viewer.user.id}` : `session:${viewer.sessionId}`,
  });
}

const nativeGrants = sharedConfigCache<boolean>("nativeGrants");
const sourceTables = sharedConfigCache<string[]>("nativeSourceTables");

/**
 * THE native SQL rule for non-admins. Native SQL reads whatever table it names, so no table
 * policy can be applied to it: it is allowed only with a native grant AND full access to every
 * table of the data source (`tables`: every synced table, hidden ones included, since SQL can
 * name those too). One table with no permission (`none`), or sandboxed, refuses it; so does a
 * data source with no synced tables, where nothing says what the SQL could reach.
 */
export function mayRunNativeSql(input: {
  hasGrant: boolean;
  policy: DataPolicy;
  tables: readonly string[];
}): boolean {
  return (
    input.hasGrant &&
    input.tables.length > 0 &&
    input.tables.every((table) => input.policy.tables[table]?.level === "full")
  );
}

/**
 * A viewer from groups and attributes alone: a signed-in user, or the person an admin previews
 * ("view as") — the same rules either way.
 */
export function contentViewerForSubject(
  subject: PolicySubject & { userId: number | null; queryLimitKey: string },
): ContentViewer {
  const policyFor = memoise((dataSourceId) => getEffectivePolicy(subject, dataSourceId));
  return {
    kind: "user",
    userId: subject.userId,
    attributes: subject.attributes,
    isAdmin: subject.isAdmin,
    configVersion: subject.configVersion,
    visibilityKey: subject.isAdmin ? "admin" : `groups:${groupSetKey(subject.groupIds)}`,
    queryLimitKey: subject.queryLimitKey,
    policyFor,
    // Checked on every use (not when the grant is made): permissions change after a grant.
    async canRunNative(dataSourceId) {
      if (subject.isAdmin) return true;
      const key = `${dataSourceId}:${groupSetKey(subject.groupIds)}`;
      const [hasGrant, policy, tables] = await Promise.all([
        nativeGrants.get(key, subject.configVersion, async () => {
          const { prisma } = await getAppDatabase();
          const grants = await prisma.nativeQueryGrant.count({
            where: { dataSourceId, groupId: { in: subject.groupIds } },
          });
          return grants > 0;
        }),
        policyFor(dataSourceId),
        sourceTables.get(String(dataSourceId), subject.configVersion, async () => {
          const { prisma } = await getAppDatabase();
          const synced = await prisma.syncedTable.findMany({
            where: { dataSourceId },
            select: { name: true },
          });
          return synced.map((table) => table.name);
        }),
      ]);
      return mayRunNativeSql({ hasGrant, policy, tables });
    },
  };
}

/** A guest embed sees, in full, only the tables the embedded resource's cards read. */
export function contentViewerForGuest(
  tablesBySource: Map<number, Set<string>>,
  configVersion: string | null,
  lockedParameters: ReadonlySet<string>,
  queryLimitKey: string,
): ContentViewer {
  return {
    kind: "guest",
    lockedParameters,
    queryLimitKey,
    userId: null,
    attributes: {},
    isAdmin: false,
    configVersion,
    async policyFor(dataSourceId) {
      const tables = tablesBySource.get(dataSourceId) ?? new Set<string>();
      return {
        tables: Object.fromEntries([...tables].map((name) => [name, { level: "full" as const }])),
      };
    },
    async canRunNative() {
      return false;
    },
  };
}
