import { beforeAll, expect, it } from "vitest";
import { describeOnAppDatabases } from "~/__tests__/support/app-database-suite";
import { listUsers, revokeUserSessions, setUserActive } from "../users";

// The console's People page: search, and deactivation ending sessions.
describeOnAppDatabases("users service", "users", (database) => {
  let adminId: number;
  let anaId: number;
  beforeAll(async () => {
    const _db = database();
    const { prisma } = database();
    adminId = (await prisma.user.create({ data: { email: "root@example.com", isAdmin: true } })).id;
    anaId = (
      await prisma.user.create({
        data: { email: "ana@northwind.test", firstName: "Ana", lastName: "Lytic" },
      })
    ).id;
    await prisma.user.create({ data: { email: "bob@globex.test", firstName: "Bob" } });
    await prisma.session.createMany({
      data: ["a", "b"].map((suffix) => ({
        tokenHash: `hash-${database().kind}-${suffix}`,
        userId: anaId,
        kind: "sdk" as const,
        expiresAt: new Date(Date.now() + 3_600_000),
      })),
    });
  }, 120_000);

  it("searches email and names, ignoring case; no search lists everyone", async () => {
    const emails = async (search: string | null) =>
      (await listUsers({ search })).map((user) => user.email).sort();
    expect(await emails("NORTHWIND")).toEqual(["ana@northwind.test"]);
    expect(await emails("lytic")).toEqual(["ana@northwind.test"]);
    expect(await emails("bob")).toEqual(["bob@globex.test"]);
    expect(await emails("nobody")).toEqual([]);
    expect(await emails("  ")).toHaveLength(3);
    expect(await emails(null)).toHaveLength(3);
  });

  it("deactivating ends every live session; reactivating lets them back", async () => {
    const [before] = await listUsers({ email: "ana@northwind.test" });
    expect(before?.activeSessions).toBe(2);
    expect(await setUserActive(anaId, false, adminId)).toEqual({
      id: anaId,
      isActive: false,
      revokedSessions: 2,
    });
    const [after] = await listUsers({ email: "ana@northwind.test" });
    expect([after?.isActive, after?.activeSessions]).toEqual([false, 0]);
    expect((await setUserActive(anaId, true, adminId)).isActive).toBe(true);
    await expect(setUserActive(adminId, false, adminId)).rejects.toMatchObject({
      code: "bad_request",
    });
  });

  it("ends a user's sessions without deactivating them; an unknown user is a 404", async () => {
    await database().prisma.session.create({
      data: {
        tokenHash: `hash-${database().kind}-c`,
        userId: anaId,
        kind: "cookie",
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    expect(await revokeUserSessions(anaId, adminId)).toEqual({ id: anaId, revokedSessions: 1 });
    const [after] = await listUsers({ email: "ana@northwind.test" });
    expect([after?.isActive, after?.activeSessions]).toEqual([true, 0]);
    await expect(revokeUserSessions(999_999, adminId)).rejects.toMatchObject({
      code: "user_not_found",
      status: 404,
    });
  });
});
