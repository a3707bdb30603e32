import "server-only";
import { countUsersPerMapping, explainMappedGroups, isUniqueViolation } from "@embed/db";
import type { z } from "zod";
import type { CreateGroupMappingSchema, CreateGroupSchema } from "~/shared/admin-schemas/groups";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { type Db, inTransaction, refuseAdminOnlyGroup, requireGroup, requireUser } from "./lookups";

export async function listGroups() {
  const { prisma } = await getAppDatabase();
  const groups = await prisma.group.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      description: true,
      isAdminGroup: true,
      _count: { select: { memberships: true } },
    },
  });
  return groups.map(({ _count, ...group }) => ({ ...group, memberCount: _count.memberships }));
}

/** `tx`: the caller's transaction (the config import's); otherwise one of its own. */
export async function createGroup(
  input: z.infer<typeof CreateGroupSchema>,
  actorUserId: number,
  db?: Db,
) {
  try {
    return await inTransaction(db, async (tx) => {
      const group = await tx.group.create({
        data: { name: input.name, description: input.description ?? null },
        select: { id: true, name: true, description: true, isAdminGroup: true },
      });
      await recordAuditEvent(
        {
          type: "group.created",
          actorUserId,
          resourceType: "group",
          resourceId: group.id,
          payload: { name: group.name },
        },
        tx,
      );
      return group;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ApiError("conflict", 409, `A group named "${input.name}" already exists.`);
    throw error;
  }
}

/** Changes a group's description (admin-only groups are not edited here). */
export async function updateGroup(
  groupId: number,
  input: { description: string | null },
  actorUserId: number,
  db?: Db,
) {
  return inTransaction(db, async (tx) => {
    const group = await requireGroup(tx, groupId);
    refuseAdminOnlyGroup(group, "it is built in and not edited here.");
    const updated = await tx.group.update({
      where: { id: group.id },
      data: { description: input.description },
      select: { id: true, name: true, description: true, isAdminGroup: true },
    });
    await recordAuditEvent(
      {
        type: "group.updated",
        actorUserId,
        resourceType: "group",
        resourceId: group.id,
        payload: { name: group.name, description: input.description },
      },
      tx,
    );
    return updated;
  });
}

/** Renames a group: 409 when the name is taken; admin-only groups keep theirs. */
export async function renameGroup(groupId: number, name: string, actorUserId: number, db?: Db) {
  try {
    return await inTransaction(db, async (tx) => {
      const group = await requireGroup(tx, groupId);
      refuseAdminOnlyGroup(group, "it is built in and not renamed.");
      const renamed = await tx.group.update({
        where: { id: group.id },
        data: { name },
        select: { id: true, name: true, description: true, isAdminGroup: true },
      });
      await recordAuditEvent(
        {
          type: "group.updated",
          actorUserId,
          resourceType: "group",
          resourceId: group.id,
          payload: { name, previousName: group.name },
        },
        tx,
      );
      return renamed;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ApiError("conflict", 409, `A group named "${name}" already exists.`);
    throw error;
  }
}

/**
 * Deletes a group with its memberships, mappings and data permissions (the database cascades):
 * its members lose what it granted at their next request. Admin-only groups stay: 400.
 */
export async function deleteGroup(groupId: number, actorUserId: number, db?: Db) {
  await inTransaction(db, async (tx) => {
    const group = await requireGroup(tx, groupId);
    refuseAdminOnlyGroup(group, "it is built in and not deleted.");
    await tx.group.delete({ where: { id: group.id } });
    await recordAuditEvent(
      {
        type: "group.deleted",
        actorUserId,
        resourceType: "group",
        resourceId: group.id,
        payload: { name: group.name },
      },
      tx,
    );
  });
}

/** The mappings, each with how many active SSO users it matches now (`matchingUsers`). */
export async function listGroupMappings() {
  const db = await getAppDatabase();
  const [mappings, counts] = await Promise.all([
    db.prisma.groupMapping.findMany({
      orderBy: [{ attribute: "asc" }, { value: "asc" }],
      select: {
        id: true,
        attribute: true,
        value: true,
        group: { select: { id: true, name: true } },
      },
    }),
    countUsersPerMapping(db),
  ]);
  return mappings.map((mapping) => ({ ...mapping, matchingUsers: counts.get(mapping.id) ?? 0 }));
}

/** `attribute = value → group`. Admin-only groups can never be the target: 400. */
export async function createGroupMapping(
  input: z.infer<typeof CreateGroupMappingSchema>,
  actorUserId: number,
  db?: Db,
) {
  try {
    return await inTransaction(db, async (tx) => {
      const group = await requireGroup(tx, input.groupId);
      refuseAdminOnlyGroup(
        group,
        "it can be granted by an administrator, never by an SSO attribute.",
      );
      const mapping = await tx.groupMapping.create({
        data: input,
        select: {
          id: true,
          attribute: true,
          value: true,
          group: { select: { id: true, name: true } },
        },
      });
      await recordAuditEvent(
        {
          type: "group_mapping.created",
          actorUserId,
          resourceType: "group_mapping",
          resourceId: mapping.id,
          payload: {
            attribute: mapping.attribute,
            value: mapping.value,
            group: mapping.group.name,
          },
        },
        tx,
      );
      return mapping;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ApiError("conflict", 409, "This mapping already exists.");
    throw error;
  }
}

export async function deleteGroupMapping(id: number, actorUserId: number, db?: Db) {
  await inTransaction(db, async (tx) => {
    const mapping = await tx.groupMapping.findUnique({ where: { id }, include: { group: true } });
    if (!mapping)
      throw new ApiError("group_mapping_not_found", 404, `There is no group mapping ${id}.`);
    await tx.groupMapping.delete({ where: { id } });
    await recordAuditEvent(
      {
        type: "group_mapping.deleted",
        actorUserId,
        resourceType: "group_mapping",
        resourceId: id,
        payload: { attribute: mapping.attribute, value: mapping.value, group: mapping.group.name },
      },
      tx,
    );
  });
}

function auditManualMembership(
  tx: Db,
  type: "group_membership.added" | "group_membership.removed",
  group: { id: number; name: string },
  user: { id: number; email: string },
  actorUserId: number,
) {
  return recordAuditEvent(
    {
      type,
      actorUserId,
      resourceType: "group",
      resourceId: group.id,
      payload: { group: group.name, userId: user.id, email: user.email, source: "manual" },
    },
    tx,
  );
}

const ADMIN_ONLY_MEMBERSHIP = "its members are the local administrators, not managed here.";

/**
 * Puts a user in a group by hand: a `manual` membership, which SSO logins never add or remove.
 * It applies from the user's next request (sessions read their groups on every request).
 */
export async function addGroupMember(groupId: number, userId: number, actorUserId: number) {
  try {
    return await inTransaction(undefined, async (tx) => {
      const group = await requireGroup(tx, groupId);
      refuseAdminOnlyGroup(group, ADMIN_ONLY_MEMBERSHIP);
      const user = await requireUser(tx, userId);
      await tx.groupMembership.create({ data: { groupId, userId, source: "manual" } });
      await auditManualMembership(tx, "group_membership.added", group, user, actorUserId);
      return { group: { id: group.id, name: group.name }, userId: user.id, source: "manual" };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ApiError("conflict", 409, "This user is already a manual member of the group.");
    }
    throw error;
  }
}

/** Why an SSO login gives the user the group: the mapping(s) that match their attributes, or the claim. */
async function describeSsoGrant(
  group: { id: number; name: string },
  user: { attributes: unknown },
  sources: string[],
): Promise<string> {
  const reasons: string[] = [];
  if (sources.includes("mapping")) {
    // The login's own rule, on the attributes of the user's last sign-in.
    const mapped = await explainMappedGroups(
      await getAppDatabase(),
      (user.attributes ?? {}) as Record<string, unknown>,
    );
    const mappings = (mapped.find((entry) => entry.id === group.id)?.reasons ?? []).flatMap(
      (reason) =>
        reason.source === "mapping"
          ? [`${reason.mapping.attribute} = ${reason.mapping.value}`]
          : [],
    );
    reasons.push(
      mappings.length > 0
        ? `the mapping ${mappings.join(" and ")} → ${group.name}`
        : "a mapping at their last sign-in (none matches now: it goes at their next sign-in)",
    );
  }
  if (sources.includes("sso_groups_claim")) {
    reasons.push("the groups claim of their last SSO sign-in (group sync)");
  }
  return reasons.join(", and ");
}

/**
 * Takes a user's `manual` membership of a group away. A group held only through an SSO mapping
 * or the groups claim is not the administrator's to remove: 409 naming what grants it (change
 * the mapping, or the host's claims, instead).
 */
export async function removeGroupMember(groupId: number, userId: number, actorUserId: number) {
  const outcome = await inTransaction(undefined, async (tx) => {
    const group = await requireGroup(tx, groupId);
    refuseAdminOnlyGroup(group, ADMIN_ONLY_MEMBERSHIP);
    const user = await requireUser(tx, userId);
    const memberships = await tx.groupMembership.findMany({
      where: { groupId, userId },
      select: { source: true },
    });
    const sources = memberships.map((membership) => membership.source as string);
    if (sources.length === 0) {
      throw new ApiError("not_found", 404, `${user.email} is not in the group "${group.name}".`);
    }
    const ssoSources = sources.filter((source) => source !== "manual");
    if (!sources.includes("manual")) return { removed: false as const, group, user, ssoSources };
    await tx.groupMembership.delete({
      where: { userId_groupId_source: { userId, groupId, source: "manual" } },
    });
    await auditManualMembership(tx, "group_membership.removed", group, user, actorUserId);
    return { removed: true as const, group, user, ssoSources };
  });
  const { group, user, ssoSources } = outcome;
  if (!outcome.removed) {
    // Outside the transaction: the embedded database serves one connection at a time.
    const grant = await describeSsoGrant(group, user, ssoSources);
    throw new ApiError(
      "membership_not_manual",
      409,
      `${user.email} is in "${group.name}" through ${grant}, not by hand: change that instead.`,
    );
  }
  return {
    group: { id: group.id, name: group.name },
    userId: user.id,
    stillMemberThrough: ssoSources,
  };
}
