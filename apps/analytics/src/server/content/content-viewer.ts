import "server-only";
import { type DataPolicy, hasSandboxedTable } from "@embed/query";
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
  policyFor(dataSourceId: number): Promise<DataPolicy>;
  /** Native SQL: admins, or a group with a native grant — and never anyone with a sandboxed table. */
  canRunNative(dataSourceId: number): Promise<boolean>;
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
    queryLimitKey: subject.queryLimitKey,
    policyFor,
    async canRunNative(dataSourceId) {
      if (subject.isAdmin) return true;
      if (hasSandboxedTable(await policyFor(dataSourceId))) return false;
      const key = `${dataSourceId}:${groupSetKey(subject.groupIds)}`;
      return nativeGrants.get(key, subject.configVersion, async () => {
        const { prisma } = await getAppDatabase();
        const grants = await prisma.nativeQueryGrant.count({
          where: { dataSourceId, groupId: { in: subject.groupIds } },
        });
        return grants > 0;
      });
    },
  };
}

/** A guest embed sees, in full, only the tables the embedded resource's cards read. */
export function contentViewerForGuest(
  tablesBySource: Map<number, Set<string>>,
  configVersion: string | null,
  queryLimitKey: string,
): ContentViewer {
  return {
    kind: "guest",
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
