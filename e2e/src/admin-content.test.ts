import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminToken, api, type ErrorBody } from "./support/api";
import { identitySession } from "./support/identities";

/**
 * The admin API for content — collections, cards (saved questions), dashboards and their cards —
 * through real HTTP: round trips, validation errors (always 4xx with a specific code), and who may
 * call it at all. Everything is created under unique names in a collection of its own and deleted
 * afterwards, so other test files see the demo as seeded.
 */
type Collection = { id: number; entityId: string; name: string; parentId: number | null };
type Card = {
  id: number;
  entityId: string;
  name: string;
  queryKind: string;
  query: unknown;
  collectionId: number | null;
};
type Dashcard = {
  id: number;
  cardId: number;
  parameterMappings: Array<{ parameterId: string; target: { column: string } }>;
};
type Dashboard = {
  id: number;
  name: string;
  parameters: Array<{ id: string; slug: string }>;
  cards: Dashcard[];
};
type Result = { columns: Array<{ name: string }>; rows: unknown[][]; rowCount: number };

const run = Date.now();
const SAMPLE_DATA_SOURCE_ID = 1;

let admin: string;
let tenant: string;
const created = { cards: [] as number[], dashboards: [] as number[], collections: [] as number[] };

beforeAll(async () => {
  admin = await adminToken();
  tenant = await identitySession("tenant999");
});

afterAll(async () => {
  // Children first: a collection that still holds anything cannot be deleted.
  for (const id of created.dashboards) {
    await api(`/api/admin/dashboards/${id}`, { method: "DELETE", token: admin });
  }
  for (const id of created.cards) {
    await api(`/api/admin/cards/${id}`, { method: "DELETE", token: admin });
  }
  for (const id of created.collections.reverse()) {
    await api(`/api/admin/collections/${id}`, { method: "DELETE", token: admin });
  }
});

async function createCollection(body: Record<string, unknown>) {
  const response = await api<Collection & ErrorBody>("/api/admin/collections", {
    token: admin,
    body,
  });
  if (response.status === 201) created.collections.push(response.json.id);
  return response;
}

async function createCard(body: Record<string, unknown>) {
  const response = await api<Card & ErrorBody>("/api/admin/cards", {
    token: admin,
    body: { display: "table", dataSourceId: SAMPLE_DATA_SOURCE_ID, ...body },
  });
  if (response.status === 201) created.cards.push(response.json.id);
  return response;
}

async function createDashboard(body: Record<string, unknown>) {
  const response = await api<Dashboard & ErrorBody>("/api/admin/dashboards", {
    token: admin,
    body,
  });
  if (response.status === 201) created.dashboards.push(response.json.id);
  return response;
}

function expectError(response: { status: number; json: unknown }, status: number, code: string) {
  expect([response.status, (response.json as ErrorBody | undefined)?.error?.code]).toEqual([
    status,
    code,
  ]);
}

describe("who may call the admin API", () => {
  const routes: Array<[string, string]> = [
    ["GET", "/api/admin/data-sources"],
    ["POST", "/api/admin/data-sources"],
    ["POST", "/api/admin/data-sources/1/sync"],
    ["GET", "/api/admin/collections"],
    ["POST", "/api/admin/collections"],
    ["PATCH", "/api/admin/collections/1"],
    ["DELETE", "/api/admin/collections/1"],
    ["GET", "/api/admin/cards"],
    ["POST", "/api/admin/cards"],
    ["GET", "/api/admin/cards/1"],
    ["PATCH", "/api/admin/cards/1"],
    ["DELETE", "/api/admin/cards/1"],
    ["GET", "/api/admin/dashboards"],
    ["POST", "/api/admin/dashboards"],
    ["GET", "/api/admin/dashboards/1"],
    ["PATCH", "/api/admin/dashboards/1"],
    ["DELETE", "/api/admin/dashboards/1"],
    ["PUT", "/api/admin/dashboards/1/cards"],
    ["GET", "/api/admin/permissions"],
    ["PUT", "/api/admin/permissions"],
    ["GET", "/api/admin/policies"],
    ["PUT", "/api/admin/policies/row"],
    ["DELETE", "/api/admin/policies/row?groupId=1&tableId=1"],
    ["PUT", "/api/admin/policies/column"],
    ["DELETE", "/api/admin/policies/column?groupId=1&tableId=1"],
    ["GET", "/api/admin/native-grants"],
    ["PUT", "/api/admin/native-grants"],
    ["DELETE", "/api/admin/native-grants?groupId=1&dataSourceId=1"],
    ["GET", "/api/admin/config"],
    ["PUT", "/api/admin/config"],
    ["POST", "/api/admin/preview"],
  ];

  it.each(routes)(
    "%s %s: 401 without a session, 403 for a signed-in non-admin",
    async (method, path) => {
      const body = method === "GET" || method === "DELETE" ? undefined : {};
      expectError(await api(path, { method, body }), 401, "session_missing");
      expectError(await api(path, { method, body, token: tenant }), 403, "forbidden");
    },
  );

  it("left the demo dashboard untouched by the refused calls", async () => {
    const { status, json } = await api<Dashboard>("/api/admin/dashboards/1", { token: admin });
    expect(status).toBe(200);
    expect(json.name).toBe("Account overview");
    expect(json.cards).toHaveLength(6);
  });
});

describe("collections", () => {
  it("round-trips: create, list, rename, nest, and delete only when empty", async () => {
    const parent = await createCollection({ name: `Admin content ${run}`, description: "tests" });
    expect(parent.status).toBe(201);
    expect(parent.json).toMatchObject({ name: `Admin content ${run}`, parentId: null });
    expect(parent.json.entityId).toMatch(/^[A-Za-z0-9_-]+$/);

    const child = await createCollection({ name: `Child ${run}`, parentId: parent.json.id });
    expect(child.status).toBe(201);
    expect(child.json.parentId).toBe(parent.json.id);

    const list = await api<{ collections: Array<Collection & { collectionCount: number }> }>(
      "/api/admin/collections",
      { token: admin },
    );
    expect(list.json.collections.find((c) => c.id === parent.json.id)?.collectionCount).toBe(1);

    const renamed = await api<Collection>(`/api/admin/collections/${child.json.id}`, {
      method: "PATCH",
      token: admin,
      body: { name: `Renamed child ${run}` },
    });
    expect([renamed.status, renamed.json.name]).toEqual([200, `Renamed child ${run}`]);

    // A collection cannot move inside itself, directly or through a child.
    for (const parentId of [parent.json.id, child.json.id]) {
      expectError(
        await api(`/api/admin/collections/${parent.json.id}`, {
          method: "PATCH",
          token: admin,
          body: { parentId },
        }),
        400,
        "bad_request",
      );
    }

    expectError(
      await api(`/api/admin/collections/${parent.json.id}`, { method: "DELETE", token: admin }),
      409,
      "conflict",
    );
    const removed = await api(`/api/admin/collections/${child.json.id}`, {
      method: "DELETE",
      token: admin,
    });
    expect(removed.status).toBe(204);
    created.collections = created.collections.filter((id) => id !== child.json.id);
  });

  it("refuses bad input with specific 4xx codes", async () => {
    expectError(await createCollection({ name: "" }), 400, "invalid_body");
    expectError(await createCollection({ name: "x", extra: true }), 400, "invalid_body");
    expectError(
      await createCollection({ name: "x", parentId: 99_999_999 }),
      404,
      "collection_not_found",
    );
    expectError(
      await api("/api/admin/collections/99999999", {
        method: "PATCH",
        token: admin,
        body: { name: "x" },
      }),
      404,
      "collection_not_found",
    );
    expectError(
      await api("/api/admin/collections/abc", { method: "DELETE", token: admin }),
      404,
      "collection_not_found",
    );
    expectError(
      await api("/api/admin/collections/1", { method: "PATCH", token: admin, body: {} }),
      400,
      "invalid_body",
    );
    expectError(
      await api("/api/admin/collections", {
        token: admin,
        rawBody: "{not json",
        headers: { "content-type": "application/json" },
      }),
      400,
      "invalid_body",
    );
  });
});

describe("cards", () => {
  let collectionId: number;
  beforeAll(async () => {
    collectionId = (await createCollection({ name: `Cards ${run}` })).json.id;
  });

  it("round-trips a structured card, checked by compiling it", async () => {
    const card = await createCard({
      name: `Accounts ${run}`,
      description: "every account",
      collectionId,
      queryKind: "structured",
      query: { source: "accounts", orderBy: [["asc", "account_id"]], limit: 10 },
    });
    expect(card.status).toBe(201);
    expect(card.json).toMatchObject({
      name: `Accounts ${run}`,
      collectionId,
      queryKind: "structured",
      query: { source: "accounts", limit: 10 },
    });

    const fetched = await api<Card>(`/api/admin/cards/${card.json.id}`, { token: admin });
    expect(fetched.json).toEqual(card.json);
    const listed = await api<{ cards: Card[] }>(`/api/admin/cards?collectionId=${collectionId}`, {
      token: admin,
    });
    expect(listed.json.cards.map((c) => c.id)).toEqual([card.json.id]);

    const patched = await api<Card>(`/api/admin/cards/${card.json.id}`, {
      method: "PATCH",
      token: admin,
      body: {
        name: `Renamed ${run}`,
        query: { source: "accounts", breakouts: ["plan"], aggregations: [["count"]] },
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ name: `Renamed ${run}`, query: { breakouts: ["plan"] } });

    // The tenant sees it (it reads a table they may read), through their sandbox.
    const ran = await api<Result>(`/api/card/${card.json.id}/query`, { token: tenant, body: {} });
    expect(ran.status).toBe(200);
    const total = ran.json.rows.reduce((sum, row) => sum + Number(row[1]), 0);
    expect(total).toBe(3);

    // A collection holding a card cannot be deleted.
    expectError(
      await api(`/api/admin/collections/${collectionId}`, { method: "DELETE", token: admin }),
      409,
      "conflict",
    );
  });

  it("refuses queries that could not run, with the compiler's code", async () => {
    const structured = (query: unknown) =>
      createCard({ name: `Bad ${run}`, queryKind: "structured", query });
    expectError(await structured({ source: "nope" }), 400, "unknown_table");
    expectError(
      await structured({ source: "accounts", filters: [["=", "nope", 1]] }),
      400,
      "unknown_column",
    );
    expectError(
      await structured({ source: "accounts", aggregations: [["sum", "plan"]] }),
      400,
      "invalid_operation",
    );
    expectError(await structured({ source: "accounts", bogus: true }), 400, "invalid_query");
    expectError(await structured("SELECT 1"), 400, "invalid_query");
    expectError(
      await createCard({ name: "x", queryKind: "native", query: { sql: "" } }),
      400,
      "invalid_query",
    );
    expectError(
      await createCard({ name: "x", queryKind: "native", query: { sql: "SELECT 1", more: 1 } }),
      400,
      "invalid_query",
    );
    expectError(
      await createCard({ name: "x", queryKind: "sql", query: { sql: "SELECT 1" } }),
      400,
      "invalid_body",
    );
    expectError(
      await createCard({
        name: "x",
        queryKind: "structured",
        query: { source: "accounts" },
        dataSourceId: 99_999,
      }),
      404,
      "data_source_not_found",
    );
    expectError(
      await createCard({
        name: "x",
        queryKind: "structured",
        query: { source: "accounts" },
        collectionId: 99_999,
      }),
      404,
      "collection_not_found",
    );
    expectError(
      await api("/api/admin/cards/1", {
        method: "PATCH",
        token: admin,
        body: { queryKind: "native" },
      }),
      400,
      "invalid_body",
    );
  });

  it("stores a native card as written, and deletes cards", async () => {
    const sql = "SELECT account_id FROM accounts ORDER BY account_id";
    const card = await createCard({
      name: `Native ${run}`,
      queryKind: "native",
      query: { sql },
      collectionId,
    });
    expect(card.status).toBe(201);
    expect(card.json.query).toEqual({ sql });

    const removed = await api(`/api/admin/cards/${card.json.id}`, {
      method: "DELETE",
      token: admin,
    });
    expect(removed.status).toBe(204);
    expectError(
      await api(`/api/admin/cards/${card.json.id}`, { token: admin }),
      404,
      "card_not_found",
    );
    expectError(
      await api(`/api/admin/cards/${card.json.id}`, { method: "DELETE", token: admin }),
      404,
      "card_not_found",
    );
  });
});

describe("dashboards", () => {
  let collectionId: number;
  let accountsCard: number;
  let ordersCard: number;
  beforeAll(async () => {
    collectionId = (await createCollection({ name: `Dashboards ${run}` })).json.id;
    accountsCard = (
      await createCard({
        name: `Accounts table ${run}`,
        collectionId,
        queryKind: "structured",
        query: { source: "accounts", orderBy: [["asc", "account_id"]] },
      })
    ).json.id;
    ordersCard = (
      await createCard({
        name: `Orders by plan ${run}`,
        collectionId,
        queryKind: "structured",
        query: { source: "orders", joins: [{ table: "accounts" }], aggregations: [["count"]] },
      })
    ).json.id;
  });

  const PARAMETERS = [
    { id: "p-plan", slug: "plan", name: "Plan", type: "category" },
    { id: "p-status", slug: "status", name: "Status", type: "category" },
  ];

  it("round-trips a dashboard and its cards, with parameter mappings checked against each card", async () => {
    const dashboard = await createDashboard({
      name: `Dashboard ${run}`,
      description: "made by a test",
      collectionId,
      parameters: PARAMETERS,
    });
    expect(dashboard.status).toBe(201);
    expect(dashboard.json).toMatchObject({ name: `Dashboard ${run}`, cards: [] });
    expect(dashboard.json.parameters.map((p) => p.slug)).toEqual(["plan", "status"]);
    const id = dashboard.json.id;

    const placed = await api<Dashboard>(`/api/admin/dashboards/${id}/cards`, {
      method: "PUT",
      token: admin,
      body: [
        {
          cardId: accountsCard,
          x: 0,
          y: 0,
          w: 24,
          h: 8,
          titleOverride: "My accounts",
          parameterMappings: [{ parameterId: "p-plan", target: { column: "plan" } }],
        },
        {
          cardId: ordersCard,
          x: 0,
          y: 8,
          w: 12,
          h: 6,
          // A column of the joined table, as `table.column`.
          parameterMappings: [{ parameterId: "p-plan", target: { column: "accounts.plan" } }],
        },
      ],
    });
    expect(placed.status).toBe(200);
    expect(placed.json.cards.map((c) => c.cardId)).toEqual([accountsCard, ordersCard]);

    // The tenant sees it, and the parameter filters inside their sandbox.
    const shown = await api<{ cards: Array<{ id: number; title: string }> }>(
      `/api/dashboard/${id}`,
      {
        token: tenant,
      },
    );
    expect(shown.json.cards.map((c) => c.title)).toEqual(["My accounts", `Orders by plan ${run}`]);
    const basic = await api<Result>(`/api/dashboard/${id}/cards/${shown.json.cards[0]?.id}/query`, {
      token: tenant,
      body: { parameters: { plan: "Basic" } },
    });
    expect(basic.status).toBe(200);
    const plan = basic.json.columns.findIndex((c) => c.name === "plan");
    const tenantColumn = basic.json.columns.findIndex((c) => c.name === "tenant_id");
    expect(basic.json.rows.every((row) => row[plan] === "Basic" && row[tenantColumn] === 999)).toBe(
      true,
    );

    // Keeping a placement by id keeps its id; the one not listed goes.
    const kept = placed.json.cards[0] as Dashcard;
    const replaced = await api<Dashboard>(`/api/admin/dashboards/${id}/cards`, {
      method: "PUT",
      token: admin,
      body: {
        cards: [
          {
            id: kept.id,
            cardId: accountsCard,
            x: 0,
            y: 0,
            w: 12,
            h: 8,
            parameterMappings: kept.parameterMappings,
          },
        ],
      },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.json.cards.map((c) => c.id)).toEqual([kept.id]);

    // Removing a parameter removes the mappings that used it.
    const patched = await api<Dashboard>(`/api/admin/dashboards/${id}`, {
      method: "PATCH",
      token: admin,
      body: { name: `Renamed dashboard ${run}`, parameters: [PARAMETERS[1]] },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.name).toBe(`Renamed dashboard ${run}`);
    expect(patched.json.cards[0]?.parameterMappings).toEqual([]);

    // The tenant's earlier view was cached by the server; the change shows on the next request.
    const reshown = await api<{ name: string; parameters: unknown[]; cards: unknown[] }>(
      `/api/dashboard/${id}`,
      { token: tenant },
    );
    expect(reshown.json).toMatchObject({ name: `Renamed dashboard ${run}` });
    expect(reshown.json.parameters).toHaveLength(1);
    expect(reshown.json.cards).toHaveLength(1);

    const listed = await api<{ dashboards: Array<{ id: number; cardCount: number }> }>(
      `/api/admin/dashboards?collectionId=${collectionId}`,
      { token: admin },
    );
    expect(listed.json.dashboards).toEqual([expect.objectContaining({ id, cardCount: 1 })]);

    expect(
      (await api(`/api/admin/dashboards/${id}`, { method: "DELETE", token: admin })).status,
    ).toBe(204);
    expectError(
      await api(`/api/admin/dashboards/${id}`, { token: admin }),
      404,
      "dashboard_not_found",
    );
    expectError(await api(`/api/dashboard/${id}`, { token: tenant }), 404, "dashboard_not_found");
  });

  it("refuses bad parameters, cards and mappings with specific 4xx codes", async () => {
    expectError(
      await createDashboard({
        name: "x",
        parameters: [PARAMETERS[0], { ...PARAMETERS[1], slug: "plan" }],
      }),
      400,
      "invalid_body",
    );
    expectError(
      await createDashboard({
        name: "x",
        parameters: [{ id: "a", slug: "Not A Slug", name: "x", type: "category" }],
      }),
      400,
      "invalid_body",
    );
    expectError(
      await createDashboard({ name: "x", collectionId: 99_999 }),
      404,
      "collection_not_found",
    );

    const dashboard = await createDashboard({
      name: `Checks ${run}`,
      collectionId,
      parameters: PARAMETERS,
    });
    const put = (cards: unknown) =>
      api(`/api/admin/dashboards/${dashboard.json.id}/cards`, {
        method: "PUT",
        token: admin,
        body: cards,
      });
    const place = (mappings: unknown[], cardId = accountsCard) => [
      { cardId, x: 0, y: 0, w: 6, h: 4, parameterMappings: mappings },
    ];
    expectError(
      await put(place([{ parameterId: "nope", target: { column: "plan" } }])),
      400,
      "invalid_parameter_mapping",
    );
    expectError(
      await put(place([{ parameterId: "p-plan", target: { column: "no_such_column" } }])),
      400,
      "invalid_parameter_mapping",
    );
    expectError(
      await put(place([{ parameterId: "p-plan", target: { column: "orders.status" } }])),
      400,
      "invalid_parameter_mapping",
    );
    expectError(await put(place([], 99_999_999)), 404, "card_not_found");
    expectError(
      await put([{ id: 1, cardId: accountsCard, x: 0, y: 0, w: 6, h: 4 }]),
      404,
      "card_not_found",
    );
    expectError(
      await put([{ cardId: accountsCard, x: -1, y: 0, w: 6, h: 4 }]),
      400,
      "invalid_body",
    );
    expectError(
      await api("/api/admin/dashboards/99999999/cards", { method: "PUT", token: admin, body: [] }),
      404,
      "dashboard_not_found",
    );

    // A card's new query must still fit the mappings dashboards hold on it.
    expect(
      (await put(place([{ parameterId: "p-status", target: { column: "status" } }]))).status,
    ).toBe(200);
    const repoint = (query: unknown) =>
      api<Card & ErrorBody>(`/api/admin/cards/${accountsCard}`, {
        method: "PATCH",
        token: admin,
        body: { query },
      });
    // usage_events has no status column: the dashboard's mapping would break.
    expectError(await repoint({ source: "usage_events" }), 409, "conflict");
    expect((await repoint({ source: "invoices", orderBy: [["asc", "invoice_id"]] })).status).toBe(
      200,
    );
    expect((await repoint({ source: "accounts", orderBy: [["asc", "account_id"]] })).status).toBe(
      200,
    );
  });

  it("records every change in the audit trail", async () => {
    const { json } = await api<{
      events: Array<{ type: string; resourceType: string; payload: { action: string } }>;
    }>("/api/admin/audit?type=content.changed&limit=200", { token: admin });
    const kinds = new Set(json.events.map((e) => `${e.resourceType}.${e.payload.action}`));
    for (const kind of [
      "collection.created",
      "collection.updated",
      "collection.deleted",
      "card.created",
      "card.updated",
      "card.deleted",
      "dashboard.created",
      "dashboard.updated",
      "dashboard.deleted",
    ]) {
      expect(kinds).toContain(kind);
    }
  });
});
