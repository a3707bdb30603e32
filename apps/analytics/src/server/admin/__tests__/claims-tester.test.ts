import { recordSsoLogin } from "@embed/db";
import { beforeAll, expect, it, vi } from "vitest";
import { describeOnAppDatabases } from "~/__tests__/support/app-database-suite";
import { identityFromClaims } from "../../sso/verify-sso-token";
import { testClaims } from "../claims-tester";

const settings = vi.hoisted(() => ({ groupSync: false }));
vi.mock("~/server/settings/settings", () => ({ getSettings: async () => settings }));

describeOnAppDatabases("the claims tester", "i11-sso-tools-claims", (database) => {
  const ids = { tenants: 0, analysts: 0, admins: 0, synced: 0, mapping: 0 };

  beforeAll(async () => {
    const { prisma } = database();
    const source = await prisma.dataSource.create({
      data: { name: "Sample", kind: "embedded_sample" },
    });
    const accounts = await prisma.syncedTable.create({
      data: {
        dataSourceId: source.id,
        schema: "public",
        name: "accounts",
        displayName: "Accounts",
        columns: {
          create: ["account_id", "tenant_id", "notes"].map((name, position) => ({
            name,
            displayName: name,
            databaseType: "text",
            semanticType: "text",
            position,
          })),
        },
      },
      include: { columns: true },
    });
    const plans = await prisma.syncedTable.create({
      data: { dataSourceId: source.id, schema: "public", name: "plans", displayName: "Plans" },
    });
    await prisma.syncedTable.create({
      data: { dataSourceId: source.id, schema: "public", name: "payroll", displayName: "Payroll" },
    });
    const column = (name: string) => accounts.columns.find((c) => c.name === name)?.id as number;

    const tenants = await prisma.group.create({ data: { name: "Tenants" } });
    const analysts = await prisma.group.create({ data: { name: "Analysts" } });
    const admins = await prisma.group.create({ data: { name: "Admins", isAdminGroup: true } });
    const synced = await prisma.group.create({ data: { name: "Synced" } });
    Object.assign(ids, {
      tenants: tenants.id,
      analysts: analysts.id,
      admins: admins.id,
      synced: synced.id,
    });
    ids.mapping = (
      await prisma.groupMapping.create({
        data: { attribute: "role", value: "tenant", groupId: tenants.id },
      })
    ).id;
    // A list attribute containing the value matches too (the login's rule).
    await prisma.groupMapping.create({
      data: { attribute: "teams", value: "data", groupId: analysts.id },
    });
    // The API refuses this mapping; written directly, the rule must still never grant it.
    await prisma.groupMapping.create({
      data: { attribute: "role", value: "tenant", groupId: admins.id },
    });

    await prisma.tablePermission.create({
      data: { groupId: tenants.id, tableId: accounts.id, level: "sandboxed" },
    });
    await prisma.rowPolicy.create({
      data: {
        groupId: tenants.id,
        tableId: accounts.id,
        kind: "column_attribute",
        columnId: column("tenant_id"),
        attributeName: "primary_id",
      },
    });
    await prisma.columnPolicy.create({
      data: {
        groupId: tenants.id,
        tableId: accounts.id,
        visibleColumns: {
          create: [{ columnId: column("account_id") }, { columnId: column("tenant_id") }],
        },
      },
    });
    await prisma.tablePermission.create({
      data: { groupId: tenants.id, tableId: plans.id, level: "sandboxed" },
    });
    await prisma.rowPolicy.create({
      data: {
        groupId: tenants.id,
        tableId: plans.id,
        kind: "sql_view",
        sql: "SELECT * FROM plans WHERE region = {{region}}",
      },
    });
    await prisma.tablePermission.create({
      data: { groupId: analysts.id, tableId: plans.id, level: "full" },
    });
  }, 120_000);

  async function counts() {
    const { prisma } = database();
    return {
      users: await prisma.user.count(),
      memberships: await prisma.groupMembership.count(),
      sessions: await prisma.session.count(),
      usedTokens: await prisma.usedSsoToken.count(),
      audit: await prisma.auditEvent.count(),
    };
  }

  it("explains a mapping match, binds the row filter, hides columns, and writes nothing", async () => {
    const before = await counts();
    const result = await testClaims({
      email: "Tina@Example.com",
      first_name: "Tina",
      role: "tenant",
      primary_id: 999,
      region: "eu",
    });
    expect(await counts()).toEqual(before);
    expect(result.identity).toMatchObject({ email: "tina@example.com", firstName: "Tina" });
    expect(result.existingUserId).toBeNull();
    expect(result.groups).toEqual([
      {
        id: ids.tenants,
        name: "Tenants",
        reasons: [
          {
            source: "mapping",
            mapping: { id: ids.mapping, attribute: "role", value: "tenant" },
          },
        ],
      },
    ]);
    const tables = Object.fromEntries(
      result.dataSources[0]?.tables.map((table) => [table.name, table.access]) ?? [],
    );
    expect(tables.accounts).toEqual({
      level: "sandboxed",
      filters: [
        {
          kind: "column_attribute",
          column: "tenant_id",
          attribute: "primary_id",
          value: 999,
          missing: [],
        },
      ],
      hiddenColumns: ["notes"],
      noRows: null,
    });
    expect(tables.plans).toMatchObject({
      level: "sandboxed",
      filters: [{ kind: "sql_view", bound: [{ name: "region", value: "eu" }], missing: [] }],
      noRows: null,
    });
    expect(tables.payroll).toEqual({ level: "none" });
    expect(result.policyAttributes).toEqual([
      { name: "primary_id", value: 999, present: true },
      { name: "region", value: "eu", present: true },
    ]);
  });

  it("never grants an admin-only group, by a mapping or by the groups claim", async () => {
    settings.groupSync = true;
    try {
      const result = await testClaims({
        email: "eve@example.com",
        role: "tenant",
        groups: ["Admins", "Synced"],
        teams: ["ops", "data"],
      });
      expect(result.groups.map((group) => [group.name, group.reasons])).toEqual([
        ["Analysts", [{ source: "mapping", mapping: expect.objectContaining({ value: "data" }) }]],
        ["Synced", [{ source: "sso_groups_claim" }]],
        ["Tenants", [expect.objectContaining({ source: "mapping" })]],
      ]);
      expect(result.groupsClaim).toEqual({ sent: ["Admins", "Synced"], honoured: true });
    } finally {
      settings.groupSync = false;
    }
    // Group sync off: the claim is ignored, as the login ignores it.
    const off = await testClaims({ email: "eve@example.com", groups: ["Synced"] });
    expect(off.groups).toEqual([]);
    expect(off.groupsClaim).toEqual({ sent: ["Synced"], honoured: false });
  });

  it("shows no rows when a policy reads an attribute the claims lack (fail closed)", async () => {
    const result = await testClaims({ email: "nora@example.com", role: "tenant" });
    const tables = Object.fromEntries(
      result.dataSources[0]?.tables.map((table) => [table.name, table.access]) ?? [],
    );
    expect(tables.accounts).toMatchObject({
      level: "sandboxed",
      filters: [{ attribute: "primary_id", value: null, missing: ["primary_id"] }],
      noRows: "no rows — attribute primary_id missing",
    });
    expect(tables.plans).toMatchObject({ noRows: "no rows — attribute region missing" });
    expect(result.policyAttributes).toEqual([
      { name: "primary_id", value: null, present: false },
      { name: "region", value: null, present: false },
    ]);
  });

  it("refuses claims a login would refuse, with the login's code as a 400", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ role: "tenant" }, "token_email_missing"],
      [{ email: "not an email" }, "token_email_invalid"],
      [{ email: "a@example.com", groups: "Tenants" }, "token_claim_invalid"],
      [{ email: "a@example.com", primary_id: { nested: true } }, "token_attribute_invalid"],
    ];
    const before = await counts();
    for (const [claims, code] of cases) {
      await expect(testClaims(claims)).rejects.toMatchObject({ code, status: 400 });
      // …the very code the login's parser gives the same claims.
      expect(() => identityFromClaims(claims)).toThrow(expect.objectContaining({ code }));
    }
    expect(await counts()).toEqual(before);
  });

  it("agrees with a real login on the groups, and knows an existing user's manual groups", async () => {
    const claims = { email: "lou@example.com", role: "tenant", teams: ["data"], primary_id: 7 };
    const predicted = await testClaims(claims);
    const identity = identityFromClaims(claims);
    const login = await recordSsoLogin(database(), {
      ...identity,
      groups: null,
      groupSync: false,
      jti: "claims-tester-agreement",
      jtiExpiresAt: new Date(Date.now() + 60_000),
      session: {
        tokenHash: "claims-tester-agreement",
        kind: "cookie",
        expiresAt: new Date(Date.now() + 60_000),
        userAgent: null,
        ip: null,
      },
    });
    expect(login.status).toBe("signed_in");
    const loggedIn = login.status === "signed_in" ? login.groups : [];
    expect(predicted.groups.map(({ id, name }) => ({ id, name }))).toEqual(loggedIn);

    const { prisma } = database();
    const user = await prisma.user.findUniqueOrThrow({ where: { email: "lou@example.com" } });
    await prisma.groupMembership.create({
      data: { userId: user.id, groupId: ids.synced, source: "manual" },
    });
    const again = await testClaims(claims);
    expect(again.existingUserId).toBe(user.id);
    expect(again.groups.find((group) => group.name === "Synced")?.reasons).toEqual([
      { source: "manual" },
    ]);
    await prisma.user.update({ where: { id: user.id }, data: { isActive: false } });
    const refused = await testClaims(claims);
    expect(refused.refusal?.code).toBe("user_deactivated");
    expect(refused.dataSources[0]?.tables.every((table) => table.access.level === "none")).toBe(
      true,
    );
  });
});
