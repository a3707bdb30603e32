import { beforeAll, expect, it } from "vitest";
import { describeOnAppDatabases } from "~/__tests__/support/app-database-suite";
import { deleteGroup, renameGroup } from "../groups";

describeOnAppDatabases("renaming a group", "groups", (database) => {
  let actor: number;
  beforeAll(async () => {
    const db = database();
    actor = (await db.prisma.user.create({ data: { email: "root@example.com", isAdmin: true } }))
      .id;
  }, 120_000);

  it("renames, refuses a taken name, an admin-only group and an unknown one", async () => {
    const { prisma } = database();
    const analysts = await prisma.group.create({ data: { name: "Analysts" } });
    await prisma.group.create({ data: { name: "Tenants" } });
    const admins = await prisma.group.create({ data: { name: "Admins", isAdminGroup: true } });

    expect((await renameGroup(analysts.id, "Data analysts", actor)).name).toBe("Data analysts");
    await expect(renameGroup(analysts.id, "Tenants", actor)).rejects.toMatchObject({
      code: "conflict",
      status: 409,
    });
    await expect(renameGroup(admins.id, "Everyone", actor)).rejects.toMatchObject({
      code: "group_is_admin_only",
      status: 400,
    });
    await expect(renameGroup(999_999, "Ghosts", actor)).rejects.toMatchObject({
      code: "group_not_found",
      status: 404,
    });
    const names = (await prisma.group.findMany({ orderBy: { name: "asc" } })).map((g) => g.name);
    expect(names).toEqual(["Admins", "Data analysts", "Tenants"]);
    const audit = await prisma.auditEvent.findMany({ where: { type: "group.updated" } });
    expect(audit.map((event) => event.payload)).toEqual([
      { name: "Data analysts", previousName: "Analysts" },
    ]);
  });

  it("deletes a group with its memberships and mappings; never an admin-only group", async () => {
    const { prisma } = database();
    const doomed = await prisma.group.create({ data: { name: "Doomed" } });
    await prisma.groupMembership.create({
      data: { userId: actor, groupId: doomed.id, source: "manual" },
    });
    await prisma.groupMapping.create({
      data: { attribute: "role", value: "doomed", groupId: doomed.id },
    });
    await deleteGroup(doomed.id, actor);
    expect(await prisma.group.count({ where: { id: doomed.id } })).toBe(0);
    expect(await prisma.groupMembership.count({ where: { groupId: doomed.id } })).toBe(0);
    expect(await prisma.groupMapping.count({ where: { groupId: doomed.id } })).toBe(0);
    const admins = await prisma.group.findUniqueOrThrow({ where: { name: "Admins" } });
    await expect(deleteGroup(admins.id, actor)).rejects.toMatchObject({
      code: "group_is_admin_only",
    });
    await expect(deleteGroup(doomed.id, actor)).rejects.toMatchObject({
      code: "group_not_found",
    });
    expect(await prisma.auditEvent.count({ where: { type: "group.deleted" } })).toBe(1);
  });
});
