import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { adminToken, api, type ErrorBody, findUser } from "./support/api";
import { IDENTITIES, identitySession, sessionFor } from "./support/identities";

/**
 * Permissions, row and column policies, native grants and "view as", through real HTTP against
 * the demo warehouse. The demo's own groups are never changed: each test makes a NEW group mapped
 * from a NEW attribute value (`role=<unique>`), so other test files see the demo as seeded.
 */
type Result = {
  columns: Array<{ name: string; displayName: string }>;
  rows: unknown[][];
  rowCount: number;
};
type Grid = {
  dataSourceId: number;
  tables: Array<{ id: number; name: string; visible: boolean }>;
  groups: Array<{
    id: number;
    name: string;
    permissions: Array<{ tableId: number; level: string }>;
  }>;
};
type Preview = {
  subject: { groups: Array<{ name: string }>; isAdmin: boolean };
  policy: {
    tables: Record<
      string,
      { level: string; rowFilters?: unknown[]; visibleColumns?: string[] | null }
    >;
  };
  sql: string | null;
  parameters: unknown[];
  result: Result | null;
  refused: { code: string; message: string } | null;
};

const analyticsUrl = inject("analyticsUrl");
const run = Date.now();
const DATA_SOURCE_ID = 1;
const DEMO_DASHBOARD_ID = 1;

let admin: string;
let tables: Map<string, { id: number; columns: Map<string, number> }>;
const created = { cards: [] as number[], dashboards: [] as number[], collections: [] as number[] };

function expectError(response: { status: number; json: unknown }, status: number, code: string) {
  expect([response.status, (response.json as ErrorBody | undefined)?.error?.code]).toEqual([
    status,
    code,
  ]);
}

/** A new group, mapped from `role=<value>`, and a session for someone with that role. */
async function groupWithMember(label: string, primaryId: string | number) {
  const role = `${label}-${run}`;
  const group = await api<{ id: number }>("/api/admin/groups", {
    token: admin,
    body: { name: `${label} ${run}` },
  });
  expect(group.status).toBe(201);
  const mapping = await api("/api/admin/group-mappings", {
    token: admin,
    body: { attribute: "role", value: role, groupId: group.json.id },
  });
  expect(mapping.status).toBe(201);
  const member = (id: string | number, n = 0) =>
    sessionFor({ role, primary_id: id }, `${label}-${n}-${run}@e2e.test`);
  return { groupId: group.json.id, role, session: await member(primaryId), member };
}

async function put(path: string, body: unknown) {
  return api<Record<string, unknown> & ErrorBody>(path, { method: "PUT", token: admin, body });
}

const tableId = (name: string) => tables.get(name)?.id as number;
const columnId = (table: string, column: string) =>
  tables.get(table)?.columns.get(column) as number;

type DataSourceDetail = {
  tables: Array<{ id: number; name: string; columns: Array<{ id: number; name: string }> }>;
};

beforeAll(async () => {
  admin = await adminToken();
  const { json } = await api<DataSourceDetail>(`/api/admin/data-sources/${DATA_SOURCE_ID}`, {
    token: admin,
  });
  tables = new Map(
    json.tables.map((table) => [
      table.name,
      { id: table.id, columns: new Map(table.columns.map((c) => [c.name, c.id])) },
    ]),
  );
});

afterAll(async () => {
  for (const id of created.dashboards) {
    await api(`/api/admin/dashboards/${id}`, { method: "DELETE", token: admin });
  }
  for (const id of created.cards) {
    await api(`/api/admin/cards/${id}`, { method: "DELETE", token: admin });
  }
  for (const id of created.collections) {
    await api(`/api/admin/collections/${id}`, { method: "DELETE", token: admin });
  }
});

describe("permissions", () => {
  it("shows the group × table grid and sets a level, refusing admin-only groups", async () => {
    const { groupId } = await groupWithMember("grid", 999);
    const set = await put("/api/admin/permissions", {
      groupId,
      tableId: tableId("orders"),
      level: "full",
    });
    expect([set.status, set.json.level]).toEqual([200, "full"]);
    const { json: grid } = await api<Grid>("/api/admin/permissions", { token: admin });
    expect(grid.dataSourceId).toBe(DATA_SOURCE_ID);
    const row = grid.groups.find((group) => group.id === groupId);
    expect(row?.permissions).toHaveLength(grid.tables.length);
    expect(row?.permissions.find((p) => p.tableId === tableId("orders"))?.level).toBe("full");
    expect(row?.permissions.find((p) => p.tableId === tableId("accounts"))?.level).toBe("none");
    const tenants = grid.groups.find((group) => group.name === "Tenants");
    expect(tenants?.permissions.every((p) => p.level === "sandboxed")).toBe(true);
    expect(grid.groups.some((group) => group.name === "Administrators")).toBe(false);

    const { json: groups } = await api<{ groups: Array<{ id: number; isAdminGroup: boolean }> }>(
      "/api/admin/groups",
      { token: admin },
    );
    const adminGroup = groups.groups.find((group) => group.isAdminGroup);
    expectError(
      await put("/api/admin/permissions", {
        groupId: adminGroup?.id,
        tableId: tableId("orders"),
        level: "full",
      }),
      400,
      "group_is_admin_only",
    );
    expectError(
      await put("/api/admin/permissions", { groupId, tableId: 99_999_999, level: "full" }),
      404,
      "table_not_found",
    );
    expectError(
      await put("/api/admin/permissions", {
        groupId: 99_999_999,
        tableId: tableId("orders"),
        level: "full",
      }),
      404,
      "group_not_found",
    );
    expectError(
      await put("/api/admin/permissions", { groupId, tableId: tableId("orders"), level: "write" }),
      400,
      "invalid_body",
    );
    expectError(
      await api("/api/admin/permissions?dataSourceId=99999", { token: admin }),
      404,
      "data_source_not_found",
    );
  });
});

describe("a column policy hiding accounts.plan", () => {
  let groupId: number;
  let session: string;
  const accountColumns = ["account_id", "tenant_id", "name", "status", "created_at"];

  beforeAll(async () => {
    ({ groupId, session } = await groupWithMember("no-plan", 999));
    expect(
      (
        await put("/api/admin/permissions", {
          groupId,
          tableId: tableId("accounts"),
          level: "sandboxed",
        })
      ).status,
    ).toBe(200);
    const row = await put("/api/admin/policies/row", {
      groupId,
      tableId: tableId("accounts"),
      kind: "column_attribute",
      columnId: columnId("accounts", "tenant_id"),
      attributeName: "primary_id",
    });
    expect(row.status).toBe(200);
    const policy = await put("/api/admin/policies/column", {
      groupId,
      tableId: tableId("accounts"),
      visibleColumnIds: accountColumns.map((name) => columnId("accounts", name)),
    });
    expect(policy.status).toBe(200);
    expect((policy.json.visibleColumns as Array<{ name: string }>).map((c) => c.name)).toEqual(
      accountColumns,
    );
  });

  it("leaves the column out of dataset results", async () => {
    const { status, json } = await api<Result>("/api/dataset", {
      token: session,
      body: { source: "accounts", orderBy: [["asc", "account_id"]] },
    });
    expect(status).toBe(200);
    expect(json.columns.map((c) => c.name)).toEqual(accountColumns);
    expect(json.rows.map((row) => row[0])).toEqual([1, 2, 3]);
    expect(JSON.stringify(json)).not.toMatch(/Basic|Premium/);
  });

  it("answers unknown_column when filtering or sorting on it", async () => {
    for (const query of [
      { source: "accounts", filters: [["=", "plan", "Basic"]] },
      { source: "accounts", orderBy: [["asc", "plan"]] },
      { source: "accounts", breakouts: ["plan"], aggregations: [["count"]] },
    ]) {
      expectError(
        await api("/api/dataset", { token: session, body: query }),
        400,
        "unknown_column",
      );
    }
  });

  it("leaves the column out of a dashboard card's CSV export", async () => {
    const collection = await api<{ id: number }>("/api/admin/collections", {
      token: admin,
      body: { name: `No plan ${run}` },
    });
    created.collections.push(collection.json.id);
    const card = await api<{ id: number }>("/api/admin/cards", {
      token: admin,
      body: {
        name: `Accounts export ${run}`,
        display: "table",
        dataSourceId: DATA_SOURCE_ID,
        collectionId: collection.json.id,
        queryKind: "structured",
        query: { source: "accounts", orderBy: [["asc", "account_id"]] },
      },
    });
    created.cards.push(card.json.id);
    const dashboard = await api<{ id: number }>("/api/admin/dashboards", {
      token: admin,
      body: { name: `Export ${run}`, collectionId: collection.json.id },
    });
    created.dashboards.push(dashboard.json.id);
    const placed = await api<{ cards: Array<{ id: number }> }>(
      `/api/admin/dashboards/${dashboard.json.id}/cards`,
      { method: "PUT", token: admin, body: [{ cardId: card.json.id, x: 0, y: 0, w: 24, h: 8 }] },
    );
    const dashcardId = placed.json.cards[0]?.id;

    const csvOf = async (token: string) => {
      const response = await fetch(
        `${analyticsUrl}/api/dashboard/${dashboard.json.id}/cards/${dashcardId}/export?format=csv`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      expect(response.status).toBe(200);
      return (await response.text()).trim().split(/\r?\n/);
    };
    const [header, ...rows] = await csvOf(session);
    expect(header?.split(",")).toEqual(["Account ID", "Tenant ID", "Name", "Status", "Created at"]);
    expect(rows).toHaveLength(3);
    expect(rows.join("\n")).not.toMatch(/Basic|Premium/);
    // The administrator's export of the same card has it.
    const [adminHeader] = await csvOf(admin);
    expect(adminHeader?.split(",")).toContain("Plan");
  });

  it("takes effect on the member's next request when removed", async () => {
    const removed = await api(
      `/api/admin/policies/column?groupId=${groupId}&tableId=${tableId("accounts")}`,
      { method: "DELETE", token: admin },
    );
    expect(removed.status).toBe(204);
    const { json } = await api<Result>("/api/dataset", {
      token: session,
      body: { source: "accounts" },
    });
    expect(json.columns.map((c) => c.name)).toContain("plan");
    expectError(
      await api(`/api/admin/policies/column?groupId=${groupId}&tableId=${tableId("accounts")}`, {
        method: "DELETE",
        token: admin,
      }),
      404,
      "policy_not_found",
    );
  });

  it("refuses columns of another table, and unknown tables", async () => {
    expectError(
      await put("/api/admin/policies/column", {
        groupId,
        tableId: tableId("orders"),
        visibleColumnIds: [columnId("accounts", "plan")],
      }),
      404,
      "column_not_found",
    );
    expectError(
      await put("/api/admin/policies/row", {
        groupId,
        tableId: tableId("orders"),
        kind: "column_attribute",
        columnId: columnId("accounts", "tenant_id"),
        attributeName: "primary_id",
      }),
      404,
      "column_not_found",
    );
    expectError(
      await put("/api/admin/policies/column", {
        groupId,
        tableId: 99_999_999,
        visibleColumnIds: [],
      }),
      404,
      "table_not_found",
    );
    expectError(
      await put("/api/admin/policies/row", { groupId, tableId: tableId("orders"), kind: "magic" }),
      400,
      "invalid_body",
    );
    expectError(
      await api("/api/admin/policies/row?groupId=1", { method: "DELETE", token: admin }),
      400,
      "bad_request",
    );
  });
});

describe("a SQL view row policy", () => {
  let groupId: number;
  let member: (primaryId: string | number, n?: number) => Promise<string>;
  const accountsOf = async (token: string) =>
    api<Result & ErrorBody>("/api/dataset", {
      token,
      body: { source: "accounts", orderBy: [["asc", "account_id"]] },
    });

  beforeAll(async () => {
    ({ groupId, member } = await groupWithMember("sql-view", 999));
    expect(
      (
        await put("/api/admin/permissions", {
          groupId,
          tableId: tableId("accounts"),
          level: "sandboxed",
        })
      ).status,
    ).toBe(200);
  });

  const setView = (sql: string) =>
    put("/api/admin/policies/row", {
      groupId,
      tableId: tableId("accounts"),
      kind: "sql_view",
      sql,
    });

  it("binds {{primary_id}} as a parameter: the tenant's rows, and none for SQL in the attribute", async () => {
    const saved = await setView("SELECT * FROM accounts WHERE tenant_id::text = {{primary_id}}");
    expect([saved.status, saved.json.kind]).toEqual([200, "sql_view"]);

    const mine = await accountsOf(await member(999, 1));
    expect(mine.status).toBe(200);
    expect(mine.json.rows.map((row) => row[0])).toEqual([1, 2, 3]);

    const attack = await accountsOf(await member("999 OR 1=1", 2));
    expect(attack.status).toBe(200);
    expect(attack.json.rows).toEqual([]);

    const quoted = await accountsOf(await member("999' OR '1'='1", 3));
    expect(quoted.status).toBe(200);
    expect(quoted.json.rows).toEqual([]);
  });

  it("with an integer comparison, SQL in the attribute is refused as a value, never run", async () => {
    expect((await setView("SELECT * FROM accounts WHERE tenant_id = {{primary_id}}")).status).toBe(
      200,
    );
    const mine = await accountsOf(await member(999, 4));
    expect(mine.json.rows.map((row) => row[0])).toEqual([1, 2, 3]);
    const attack = await accountsOf(await member("999 OR 1=1", 5));
    expect(attack.status).toBeGreaterThanOrEqual(400);
    expect(attack.status).toBeLessThan(500);
    expect(attack.json.rows).toBeUndefined();
  });

  it("refuses views that could not run: $n parameters, two statements, bad SQL", async () => {
    for (const sql of [
      "SELECT * FROM accounts WHERE tenant_id = $1",
      "SELECT * FROM accounts; DELETE FROM accounts",
      "SELEC * FROM accounts",
      "SELECT * FROM no_such_table",
      "SELECT account_id FROM accounts WHERE tenant_id = {{primary_id}}",
    ]) {
      const response = await setView(sql);
      expectError(response, 400, "invalid_policy");
    }
    // The last good view is still in force.
    const { json } = await api<{
      rowPolicies: Array<{ group: { id: number }; sql: string | null }>;
    }>("/api/admin/policies", { token: admin });
    expect(json.rowPolicies.find((policy) => policy.group.id === groupId)?.sql).toBe(
      "SELECT * FROM accounts WHERE tenant_id = {{primary_id}}",
    );
  });

  it("removing the row policy leaves the sandbox closed (no rows), not open", async () => {
    const removed = await api(
      `/api/admin/policies/row?groupId=${groupId}&tableId=${tableId("accounts")}`,
      { method: "DELETE", token: admin },
    );
    expect(removed.status).toBe(204);
    const { status, json } = await accountsOf(await member(999, 6));
    expect(status).toBe(200);
    expect(json.rows).toEqual([]);
  });
});

describe("native SQL cards", () => {
  let cardId: number;
  let adminUserId: number;

  beforeAll(async () => {
    const card = await api<{ id: number }>("/api/admin/cards", {
      token: admin,
      body: {
        name: `Native plans ${run}`,
        display: "table",
        dataSourceId: DATA_SOURCE_ID,
        queryKind: "native",
        query: { sql: "SELECT account_id, plan FROM accounts ORDER BY account_id" },
      },
    });
    expect(card.status).toBe(201);
    cardId = card.json.id;
    created.cards.push(cardId);
    adminUserId = (await api<{ id: number }>("/api/user/current", { token: admin })).json.id;
  });

  it("runs for an administrator through preview", async () => {
    const { status, json } = await api<Preview>("/api/admin/preview", {
      token: admin,
      body: { userId: adminUserId, cardId },
    });
    expect(status).toBe(200);
    expect(json.refused).toBeNull();
    expect(json.subject.isAdmin).toBe(true);
    expect(json.result?.columns.map((c) => c.name)).toEqual(["account_id", "plan"]);
    expect(json.result?.rows.map((row) => row[0])).toEqual([1, 2, 3, 4, 5]);
  });

  it("is hidden from and refused to a sandboxed user", async () => {
    const tenant = await identitySession("tenant999");
    expectError(await api(`/api/card/${cardId}`, { token: tenant }), 404, "card_not_found");
    const ran = await api(`/api/card/${cardId}/query`, { token: tenant, body: {} });
    expect([403, 404]).toContain(ran.status);
    expect(JSON.stringify(ran.json)).not.toMatch(/Basic|Premium/);

    const preview = await api<Preview>("/api/admin/preview", {
      token: admin,
      body: { attributes: IDENTITIES.tenant999.attributes, cardId },
    });
    expect(preview.json.refused?.code).toBe("card_not_found");
    expect(preview.json.result).toBeNull();
  });

  it("runs for a group with a native grant and full access to every table, until the grant is revoked", async () => {
    const { groupId, session } = await groupWithMember("native", 0);
    const grant = await put("/api/admin/native-grants", { groupId, dataSourceId: DATA_SOURCE_ID });
    expect([grant.status, grant.json.created]).toEqual([200, true]);
    expect(
      (await put("/api/admin/native-grants", { groupId, dataSourceId: DATA_SOURCE_ID })).json
        .created,
    ).toBe(false);
    const { json: grants } = await api<{ grants: Array<{ group: { id: number } }> }>(
      "/api/admin/native-grants",
      { token: admin },
    );
    expect(grants.grants.some((g) => g.group.id === groupId)).toBe(true);

    const asGroup = () =>
      api<Preview>("/api/admin/preview", {
        token: admin,
        body: { attributes: {}, groupIds: [groupId], cardId },
      });
    const asMember = () => api(`/api/card/${cardId}/query`, { token: session, body: {} });
    const setLevel = async (table: string, level: "none" | "full" | "sandboxed") =>
      expect(
        (await put("/api/admin/permissions", { groupId, tableId: tableId(table), level })).status,
      ).toBe(200);
    const refused = async () => {
      expect((await asGroup()).json.refused?.code).toBe("card_not_found");
      const ran = await asMember();
      expect([403, 404]).toContain(ran.status);
      expect(JSON.stringify(ran.json)).not.toMatch(/Basic|Premium/);
    };
    // The attack: a grant must not reach tables the group has no permission on (none at all
    // yet), nor one table left at none or sandboxed while every other is full.
    await refused();
    const names = [...tables.keys()];
    for (const name of names) await setLevel(name, "full");
    const last = names.find((name) => name !== "accounts") as string;
    await setLevel(last, "none");
    await refused();
    await setLevel(last, "sandboxed");
    await refused();
    await setLevel(last, "full");
    expect((await asGroup()).json.result?.rowCount).toBe(5);
    expect((await asMember()).status).toBe(200);

    const revoked = await api("/api/admin/native-grants", {
      method: "DELETE",
      token: admin,
      body: { groupId, dataSourceId: DATA_SOURCE_ID },
    });
    expect(revoked.status).toBe(204);
    expect((await asGroup()).json.refused?.code).toBe("card_not_found");
    expectError(
      await api("/api/admin/native-grants", {
        method: "DELETE",
        token: admin,
        body: { groupId, dataSourceId: DATA_SOURCE_ID },
      }),
      404,
      "policy_not_found",
    );
  });
});

describe("view as", () => {
  let accountsDashcard: number;
  beforeAll(async () => {
    const { json } = await api<{ cards: Array<{ id: number; title: string }> }>(
      `/api/dashboard/${DEMO_DASHBOARD_ID}`,
      { token: admin },
    );
    accountsDashcard = json.cards.find((card) => card.title === "Accounts")?.id as number;
  });

  it("shows, for the tenant-999 attribute set, the tenant_id filter in the SQL and only accounts 1–3", async () => {
    const { status, json } = await api<Preview>("/api/admin/preview", {
      token: admin,
      body: {
        attributes: IDENTITIES.tenant999.attributes,
        dashboardId: DEMO_DASHBOARD_ID,
        dashcardId: accountsDashcard,
      },
    });
    expect(status).toBe(200);
    expect(json.subject).toMatchObject({ isAdmin: false, groups: [{ name: "Tenants" }] });
    expect(json.policy.tables.accounts).toMatchObject({
      level: "sandboxed",
      rowFilters: [{ kind: "column_attribute", column: "tenant_id", value: 999 }],
    });
    expect(json.sql).toContain('"tenant_id" = $');
    expect(json.parameters).toContain(999);
    const id = json.result?.columns.findIndex((c) => c.name === "account_id") as number;
    expect(json.result?.rows.map((row) => row[id])).toEqual([1, 2, 3]);
  });

  it("previews a stored user by id, and applies dashboard parameters", async () => {
    await identitySession("customer4");
    const user = await findUser(IDENTITIES.customer4.email, admin);
    const { json } = await api<Preview>("/api/admin/preview", {
      token: admin,
      body: {
        userId: user?.id,
        dashboardId: DEMO_DASHBOARD_ID,
        dashcardId: accountsDashcard,
        parameters: { account_id: 4 },
      },
    });
    expect(json.subject.groups.map((g) => g.name)).toEqual(["Customers"]);
    expect(json.result?.rows.map((row) => row[0])).toEqual([4]);
  });

  it("shows no rows for an attribute set that maps to no group", async () => {
    const { json } = await api<Preview>("/api/admin/preview", {
      token: admin,
      body: {
        attributes: { role: "stranger" },
        dashboardId: DEMO_DASHBOARD_ID,
        dashcardId: accountsDashcard,
      },
    });
    expect(json.subject.groups).toEqual([]);
    expect(json.policy.tables).toEqual({});
    expect(json.refused?.code).toBe("dashboard_not_found");
  });

  it("refuses malformed requests with 4xx", async () => {
    const preview = (body: unknown) => api("/api/admin/preview", { token: admin, body });
    expectError(await preview({ cardId: 1 }), 400, "invalid_body");
    expectError(await preview({ userId: 1, attributes: {}, cardId: 1 }), 400, "invalid_body");
    expectError(await preview({ attributes: {} }), 400, "invalid_body");
    expectError(
      await preview({ attributes: {}, cardId: 1, dashboardId: 1, dashcardId: 1 }),
      400,
      "invalid_body",
    );
    expectError(await preview({ attributes: {}, dashboardId: 1 }), 400, "invalid_body");
    expectError(
      await preview({ attributes: { nested: { a: 1 } }, cardId: 1 }),
      400,
      "invalid_body",
    );
    expectError(await preview({ userId: 99_999_999, cardId: 1 }), 404, "user_not_found");
    expectError(await preview({ attributes: {}, cardId: 99_999_999 }), 404, "card_not_found");
    expectError(
      await preview({ attributes: {}, groupIds: [99_999_999], cardId: 1 }),
      404,
      "group_not_found",
    );
    expectError(
      await preview({ attributes: {}, dashboardId: DEMO_DASHBOARD_ID, dashcardId: 99_999_999 }),
      404,
      "card_not_found",
    );
    expectError(
      await preview({
        attributes: IDENTITIES.tenant999.attributes,
        dashboardId: DEMO_DASHBOARD_ID,
        dashcardId: accountsDashcard,
        parameters: { no_such_slug: 1 },
      }),
      400,
      "invalid_parameter",
    );
  });
});
