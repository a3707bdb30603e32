import "server-only";
import type { GroupMembershipSource, Prisma } from "@embed/db";
import { ApiError } from "../http/api-error";
import type { AttributeValue, SsoIdentity } from "./verify-sso-token";

type Tx = Prisma.TransactionClient;

export interface ProvisionedUser {
  id: number;
  email: string;
  attributes: Record<string, AttributeValue>;
  groups: Array<{ id: number; name: string }>;
}

/** Memberships that SSO owns: re-derived at every login. `manual` ones are the admin's. */
const SSO_SOURCES: GroupMembershipSource[] = ["mapping", "sso_groups_claim"];

/** Whether an attribute (scalar or list) holds the mapping's value. */
export function attributeMatches(value: AttributeValue | undefined, expected: string): boolean {
  if (value === undefined) return false;
  return Array.isArray(value)
    ? value.some((item) => String(item) === expected)
    : String(value) === expected;
}

/**
 * Creates or updates the user a verified SSO token names, then re-derives their SSO group
 * memberships from the admin's mappings (and the `groups` claim when group sync is on). A user
 * leaves a mapped group as soon as the IdP stops sending the attribute. Admin-only groups are
 * never granted this way, and local administrators cannot be signed in by a host's token.
 */
export async function provisionSsoUser(
  tx: Tx,
  identity: SsoIdentity,
  options: { groupSync: boolean },
): Promise<ProvisionedUser> {
  const now = new Date();
  const fields = {
    firstName: identity.firstName,
    lastName: identity.lastName,
    attributes: identity.attributes as Prisma.InputJsonObject,
    lastLoginAt: now,
  };
  const user = await tx.user.upsert({
    where: { email: identity.email },
    create: { email: identity.email, ...fields },
    update: fields,
    select: { id: true, email: true, isActive: true, isAdmin: true },
  });
  if (user.isAdmin) {
    throw new ApiError(
      "sso_admin_refused",
      403,
      "This email belongs to a local administrator, who must sign in with a password, not SSO.",
    );
  }
  if (!user.isActive)
    throw new ApiError("user_deactivated", 403, "This user has been deactivated.");

  const desired = new Map<string, { groupId: number; source: GroupMembershipSource }>();
  const mappings = await tx.groupMapping.findMany({
    where: { group: { isAdminGroup: false } },
    select: { attribute: true, value: true, groupId: true },
  });
  for (const mapping of mappings) {
    if (attributeMatches(identity.attributes[mapping.attribute], mapping.value)) {
      desired.set(`${mapping.groupId}:mapping`, { groupId: mapping.groupId, source: "mapping" });
    }
  }
  if (options.groupSync && identity.groups?.length) {
    const named = await tx.group.findMany({
      where: { name: { in: identity.groups }, isAdminGroup: false },
      select: { id: true },
    });
    for (const group of named) {
      desired.set(`${group.id}:sso_groups_claim`, {
        groupId: group.id,
        source: "sso_groups_claim",
      });
    }
  }

  const held = await tx.groupMembership.findMany({
    where: { userId: user.id, source: { in: SSO_SOURCES } },
    select: { groupId: true, source: true },
  });
  const stale = held.filter(
    (membership) => !desired.has(`${membership.groupId}:${membership.source}`),
  );
  for (const source of SSO_SOURCES) {
    const groupIds = stale
      .filter((membership) => membership.source === source)
      .map((m) => m.groupId);
    if (groupIds.length > 0) {
      await tx.groupMembership.deleteMany({
        where: { userId: user.id, source, groupId: { in: groupIds } },
      });
    }
  }
  const heldKeys = new Set(held.map((membership) => `${membership.groupId}:${membership.source}`));
  const missing = [...desired.entries()]
    .filter(([key]) => !heldKeys.has(key))
    .map(([, value]) => value);
  if (missing.length > 0) {
    await tx.groupMembership.createMany({
      data: missing.map((membership) => ({ userId: user.id, ...membership })),
      skipDuplicates: true,
    });
  }

  const groups = await tx.group.findMany({
    where: { memberships: { some: { userId: user.id } } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  return { id: user.id, email: user.email, attributes: identity.attributes, groups };
}
