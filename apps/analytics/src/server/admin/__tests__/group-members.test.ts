import { beforeAll, expect, it } from "vitest";
import { describeOnAppDatabases } from "~/__tests__/support/app-database-suite";
import { hashSessionToken } from "../../sessions/session-token";
import { resolveSession } from "../../sessions/sessions";
import { addGroupMember, removeGroupMember } from "../groups";

describeOnAppDatabases("manual group memberships", "i11-sso-tools-members", (database) => {
  const ids = { actor: 0, ana: 0, analysts: 0, tenants: 0, admins: 0, synced: 0 };
  const token = "session-token-of-ana";

  beforeAll(async () => {
    const { prisma } = database();
    ids.actor = (
      await prisma.user.create({ data: { email: "root@example.com", isAdmin: true } })
    ).id;
    ids.ana = (
      await prisma.user.create({
        data: { email: "ana@example.com", attributes: { role: "tenant", primary_id: 3 } },
      })
    ).id;
    ids.analysts = (await prisma.group.create({ data: { name: "Analysts" } })).id;
    ids.tenants = (await prisma.group.create({ data: { name: "Tenants" } })).id;
    ids.synced = (await prisma.group.create({ data: { name: "Synced" } })).id;
    ids.admins = (await prisma.group.create({ data: { name: "Admins", isAdminGroup: true } })).id;
    await prisma.groupMapping.create({
      data: { attribute: "role", value: "tenant", groupId: ids.tenants },
    });
    await prisma.groupMembership.createMany({
      data: [
        { userId: ids.ana, groupId: ids.tenants, source: "mapping" },
        { userId: ids.ana, groupId: ids.synced, source: "sso_groups_claim" },
      ],
    });
    await prisma.session.create({
      data: {
        tokenHash: hashSessionToken(token),
        userId: ids.ana,
        kind: "cookie",
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
  }, 120_000);

  const groupsOfSession = async () =>
    (await resolveSession(token)).user.groups.map((group) => group.name);

  it("adds a manual membership that an existing session sees at its next request", async () => {
    const { prisma } = database();
    expect(await groupsOfSession()).toEqual(["Synced", "Tenants"]);
    const added = await addGroupMember(ids.analysts, ids.ana, ids.actor);
    expect(added).toMatchObject({ group: { name: "Analysts" }, source: "manual" });
    expect(await groupsOfSession()).toEqual(["Analysts", "Synced", "Tenants"]);
    await expect(addGroupMember(ids.analysts, ids.ana, ids.actor)).rejects.toMatchObject({
      code: "conflict",
      status: 409,
    });
    const events = await prisma.auditEvent.findMany({ where: { type: "group_membership.added" } });
    expect(events.map((event) => [event.actorUserId, event.payload])).toEqual([
      [
        ids.actor,
        { group: "Analysts", userId: ids.ana, email: "ana@example.com", source: "manual" },
      ],
    ]);
  });

  it("refuses an admin-only group, an unknown group and an unknown user", async () => {
    await expect(addGroupMember(ids.admins, ids.ana, ids.actor)).rejects.toMatchObject({
      code: "group_is_admin_only",
      status: 400,
    });
    await expect(removeGroupMember(ids.admins, ids.ana, ids.actor)).rejects.toMatchObject({
      code: "group_is_admin_only",
    });
    await expect(addGroupMember(999_999, ids.ana, ids.actor)).rejects.toMatchObject({
      code: "group_not_found",
      status: 404,
    });
    await expect(addGroupMember(ids.analysts, 999_999, ids.actor)).rejects.toMatchObject({
      code: "user_not_found",
      status: 404,
    });
    await expect(removeGroupMember(ids.analysts, 999_999, ids.actor)).rejects.toMatchObject({
      code: "user_not_found",
    });
    expect(await database().prisma.groupMembership.count({ where: { groupId: ids.admins } })).toBe(
      0,
    );
  });

  it("refuses to remove a group held through a mapping or the claim, naming what grants it", async () => {
    await expect(removeGroupMember(ids.tenants, ids.ana, ids.actor)).rejects.toMatchObject({
      code: "membership_not_manual",
      status: 409,
      publicMessage: expect.stringContaining("the mapping role = tenant → Tenants"),
    });
    await expect(removeGroupMember(ids.synced, ids.ana, ids.actor)).rejects.toMatchObject({
      code: "membership_not_manual",
      publicMessage: expect.stringContaining("groups claim"),
    });
    expect(await groupsOfSession()).toEqual(["Analysts", "Synced", "Tenants"]);
  });

  it("removes only the manual membership, at once for the session, and audits it", async () => {
    const { prisma } = database();
    // Held by hand AND through the mapping: removing the manual one keeps the mapping's.
    await addGroupMember(ids.tenants, ids.ana, ids.actor);
    const both = await removeGroupMember(ids.tenants, ids.ana, ids.actor);
    expect(both.stillMemberThrough).toEqual(["mapping"]);
    expect(
      await prisma.groupMembership.findMany({
        where: { userId: ids.ana, groupId: ids.tenants },
        select: { source: true },
      }),
    ).toEqual([{ source: "mapping" }]);

    const removed = await removeGroupMember(ids.analysts, ids.ana, ids.actor);
    expect(removed.stillMemberThrough).toEqual([]);
    expect(await groupsOfSession()).toEqual(["Synced", "Tenants"]);
    await expect(removeGroupMember(ids.analysts, ids.ana, ids.actor)).rejects.toMatchObject({
      code: "not_found",
      status: 404,
    });
    expect(await prisma.auditEvent.count({ where: { type: "group_membership.removed" } })).toBe(2);
  });
});
