import { beforeAll, describe, expect, inject, it } from "vitest";
import { adminToken, api, type ErrorBody } from "./support/api";
import { IDENTITIES, type IdentityName, identitySession, sessionFor } from "./support/identities";

/**
 * Isolation through real HTTP against the demo data: every card, filter-value list, export and
 * drill-through shows each identity exactly the rows of their accounts — checked against the
 * administrator's result restricted by hand to those accounts.
 */
type Result = {
  columns: Array<{ name: string }>;
  rows: unknown[][];
  rowCount: number;
  truncated: boolean;
};
type DashboardBody = {
  id: number;
  cards: Array<{ id: number; cardId: number; title: string }>;
  parameters: Array<{ slug: string }>;
};
type Query = Record<string, unknown> & { source: string; filters?: unknown[] };

const DASHBOARD_ID = 1;
const analyticsUrl = inject("analyticsUrl");
const sorted = (rows: unknown[][]) => [...rows].map((row) => JSON.stringify(row)).sort();

let admin: string;
let adminDashboard: DashboardBody;
const cardQueries = new Map<number, Query>();

/** The admin's result of `query` restricted to `accounts`: the reference a sandbox must match. */
async function reference(query: Query, accounts: readonly number[]): Promise<Result> {
  const restricted = {
    ...query,
    filters: [...(query.filters ?? []), ["in", "account_id", [...accounts]]],
  };
  const { status, json } = await api<Result>("/api/dataset", { token: admin, body: restricted });
  expect(status).toBe(200);
  return json;
}

beforeAll(async () => {
  admin = await adminToken();
  adminDashboard = (await api<DashboardBody>(`/api/dashboard/${DASHBOARD_ID}`, { token: admin }))
    .json;
  for (const card of adminDashboard.cards) {
    const { json } = await api<{ query: Query }>(`/api/card/${card.cardId}`, { token: admin });
    cardQueries.set(card.cardId, json.query);
  }
});

describe.each(Object.keys(IDENTITIES) as IdentityName[])("isolation for %s", (name) => {
  const { accounts } = IDENTITIES[name];
  let token: string;
  beforeAll(async () => {
    token = await identitySession(name);
  });

  it("sees the dashboard with all of its cards", async () => {
    const { status, json } = await api<DashboardBody>(`/api/dashboard/${DASHBOARD_ID}`, { token });
    expect(status).toBe(200);
    expect(json.cards.map((card) => card.id)).toEqual(adminDashboard.cards.map((card) => card.id));
  });

  it("gets, on every card, exactly the admin's rows for their accounts", async () => {
    expect(adminDashboard.cards.length).toBeGreaterThanOrEqual(5);
    for (const card of adminDashboard.cards) {
      const mine = await api<Result>(`/api/dashboard/${DASHBOARD_ID}/cards/${card.id}/query`, {
        token,
        body: { parameters: {} },
      });
      expect(mine.status, card.title).toBe(200);
      const expected = await reference(cardQueries.get(card.cardId) as Query, accounts);
      expect(sorted(mine.json.rows), card.title).toEqual(sorted(expected.rows));
    }
  });

  it("sees only their own accounts in the accounts table", async () => {
    const accountsCard = adminDashboard.cards.find((card) => card.title === "Accounts");
    const { json } = await api<Result>(
      `/api/dashboard/${DASHBOARD_ID}/cards/${accountsCard?.id}/query`,
      {
        token,
        body: { parameters: {} },
      },
    );
    const idColumn = json.columns.findIndex((column) => column.name === "account_id");
    expect(json.rows.map((row) => row[idColumn])).toEqual([...accounts]);
  });

  it("applies dashboard parameters inside their sandbox", async () => {
    const ordersCard = adminDashboard.cards.find((card) => card.title === "Orders");
    const { json } = await api<Result>(
      `/api/dashboard/${DASHBOARD_ID}/cards/${ordersCard?.id}/query`,
      {
        token,
        body: { parameters: { status: "delivered", date_range: "2025-01-01~2025-12-31" } },
      },
    );
    const expected = await reference(
      {
        source: "orders",
        aggregations: [["count"]],
        filters: [
          ["=", "status", "delivered"],
          ["between", "ordered_at", "2025-01-01", "2025-12-31"],
        ],
      },
      accounts,
    );
    expect(json.rows).toEqual(expected.rows);
  });

  it("gets filter-value lists drawn only from their rows", async () => {
    const { status, json } = await api<{ values: unknown[] }>(
      `/api/dashboard/${DASHBOARD_ID}/params/status/values`,
      { token },
    );
    expect(status).toBe(200);
    const expected = await reference({ source: "orders", breakouts: ["status"] }, accounts);
    expect([...json.values].sort()).toEqual(expected.rows.map((row) => row[0]).sort());
  });

  it("exports exactly the rows the card shows", async () => {
    for (const card of adminDashboard.cards) {
      const shown = await api<Result>(`/api/dashboard/${DASHBOARD_ID}/cards/${card.id}/query`, {
        token,
        body: { parameters: {} },
      });
      const response = await fetch(
        `${analyticsUrl}/api/dashboard/${DASHBOARD_ID}/cards/${card.id}/export?format=csv`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/csv");
      const csv = await response.text();
      const lines = csv.trim().split(/\r?\n/);
      expect(lines.length - 1, card.title).toBe(shown.json.rowCount);
    }
  });

  it("drills through to underlying rows of their accounts only", async () => {
    const { json } = await api<Result>("/api/dataset", {
      token,
      body: { source: "orders", limit: 2000 },
    });
    const accountColumn = json.columns.findIndex((column) => column.name === "account_id");
    expect(json.rowCount).toBeGreaterThan(0);
    expect(new Set(json.rows.map((row) => row[accountColumn]))).toEqual(new Set(accounts));
    const expected = await reference({ source: "orders", aggregations: [["count"]] }, accounts);
    expect(json.rowCount).toBe(expected.rows[0]?.[0]);
  });

  it("drills through a dashboard card to the underlying rows, inside their sandbox", async () => {
    const plans = adminDashboard.cards.find((card) => card.title === "Accounts by plan");
    for (const plan of ["Basic", "Premium"]) {
      const { status, json } = await api<Result>(
        `/api/dashboard/${DASHBOARD_ID}/cards/${plans?.id}/drill`,
        {
          token,
          body: { parameters: {}, values: [plan] },
        },
      );
      expect(status).toBe(200);
      const expected = await reference(
        { source: "accounts", filters: [["=", "plan", plan]] },
        accounts,
      );
      expect(sorted(json.rows)).toEqual(sorted(expected.rows));
    }
  });

  it("cannot reach another tenant's rows by asking for them", async () => {
    const others = [1, 2, 3, 4, 5].filter((id) => !(accounts as readonly number[]).includes(id));
    for (const body of [
      { source: "orders", filters: [["in", "account_id", others]] },
      { source: "accounts", filters: [["in", "tenant_id", [999, 777]]] },
      {
        source: "orders",
        joins: [{ table: "accounts" }],
        filters: [["in", "accounts.account_id", others]],
      },
    ]) {
      const { status, json } = await api<Result>("/api/dataset", { token, body });
      expect(status).toBe(200);
      const accountColumn = json.columns.findIndex((column) => column.name === "account_id");
      for (const row of json.rows) expect(accounts).toContain(row[accountColumn]);
      if (body.filters[0]?.[1] !== "tenant_id") expect(json.rowCount).toBe(0);
    }
  });
});

describe("a user with no mapped group", () => {
  let token: string;
  beforeAll(async () => {
    token = await sessionFor({ role: "staff" }, "nora@parcelpoint.test");
  });

  it("sees no dashboard, no collection item and no table", async () => {
    const dashboard = await api<ErrorBody>(`/api/dashboard/${DASHBOARD_ID}`, { token });
    expect([dashboard.status, dashboard.json.error.code]).toEqual([404, "dashboard_not_found"]);
    const items = await api<{ items: unknown[] }>("/api/collection/root/items", { token });
    expect(items.json.items).toEqual([]);
    const dataset = await api<ErrorBody>("/api/dataset", { token, body: { source: "orders" } });
    expect([dataset.status, dataset.json.error.code]).toEqual([400, "unknown_table"]);
    const values = await api<ErrorBody>(`/api/dashboard/${DASHBOARD_ID}/params/status/values`, {
      token,
    });
    expect(values.status).toBe(404);
    const exported = await api<ErrorBody>(
      `/api/dashboard/${DASHBOARD_ID}/cards/${adminDashboard.cards[0]?.id}/export`,
      { token },
    );
    expect(exported.status).toBe(404);
  });
});

describe("attacks through the content API", () => {
  let token: string;
  beforeAll(async () => {
    token = await identitySession("customer1");
  });

  it("binds SQL in filter values and parameter values harmlessly", async () => {
    for (const value of [
      "x' OR '1'='1",
      "1; DROP TABLE accounts; --",
      "' UNION SELECT * FROM accounts --",
      "\u2019 OR 1=1",
    ]) {
      const { status, json } = await api<Result>("/api/dataset", {
        token,
        body: { source: "accounts", filters: [["=", "name", value]] },
      });
      expect(status).toBe(200);
      expect(json.rowCount).toBe(0);
      const ordersCard = adminDashboard.cards.find((card) => card.title === "Orders");
      const viaParameter = await api<Result>(
        `/api/dashboard/${DASHBOARD_ID}/cards/${ordersCard?.id}/query`,
        {
          token,
          body: { parameters: { status: value } },
        },
      );
      expect(viaParameter.status).toBe(200);
      expect(viaParameter.json.rows).toEqual([[0]]);
    }
  });

  it("refuses SQL in table names, column names, sort keys, aggregations and limits with 4xx codes", async () => {
    const cases: Array<[Query, string]> = [
      [{ source: "accounts; DROP TABLE accounts" }, "unknown_table"],
      [{ source: "accounts", filters: [["=", "account_id) OR (1=1", 1]] }, "unknown_column"],
      [{ source: "accounts", orderBy: [["asc", "(SELECT 1)"]] }, "unknown_column"],
      [
        { source: "orders", aggregations: [["sum", "amount); DROP TABLE orders; --"]] },
        "unknown_column",
      ],
      [{ source: "orders", breakouts: [["minute; DROP", "ordered_at"]] }, "invalid_query"],
      [{ source: "accounts", limit: -1 }, "invalid_query"],
      [{ source: "accounts", limit: "1; DROP TABLE accounts" }, "invalid_query"],
      [{ source: "accounts", limit: 10_000_000 }, "limit_too_large"],
      [{ source: "pg_catalog.pg_user" }, "unknown_table"],
    ];
    for (const [body, code] of cases) {
      const { status, json } = await api<ErrorBody>("/api/dataset", { token, body });
      expect(status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(status, JSON.stringify(body)).toBeLessThan(500);
      expect(json.error.code, JSON.stringify(body)).toBe(code);
    }
  });

  it("refuses unknown or malicious parameter names", async () => {
    const card = adminDashboard.cards[0];
    const { status, json } = await api<ErrorBody>(
      `/api/dashboard/${DASHBOARD_ID}/cards/${card?.id}/query`,
      {
        token,
        body: { parameters: { "status' OR 1=1 --": "x" } },
      },
    );
    expect([status, json.error.code]).toEqual([400, "invalid_parameter"]);
  });

  it("answers 404 for resources that do not exist or are not theirs", async () => {
    for (const path of [
      "/api/dashboard/999999",
      "/api/dashboard/abc",
      "/api/card/999999",
      "/api/collection/999999/items",
    ]) {
      const { status } = await api(path, { token });
      expect(status, path).toBe(404);
    }
    const wrongCard = await api<ErrorBody>(`/api/dashboard/${DASHBOARD_ID}/cards/999999/query`, {
      token,
      body: { parameters: {} },
    });
    expect(wrongCard.status).toBe(404);
  });

  it("leaves the warehouse intact", async () => {
    const { json } = await api<Result>("/api/dataset", {
      token: admin,
      body: { source: "accounts", aggregations: [["count"]] },
    });
    expect(json.rows).toEqual([[5]]);
  });
});

describe("metadata", () => {
  it("lists for each identity the tables their policy grants, and nothing for a user without groups", async () => {
    const tenant = await api<{ tables: Array<{ name: string; columns: Array<{ name: string }> }> }>(
      "/api/metadata",
      {
        token: await identitySession("tenant999"),
      },
    );
    expect(tenant.json.tables.map((table) => table.name).sort()).toEqual([
      "accounts",
      "invoices",
      "orders",
      "usage_events",
    ]);
    expect(
      tenant.json.tables.find((table) => table.name === "accounts")?.columns.map((c) => c.name),
    ).toContain("plan");
    const nobody = await api<{ tables: unknown[] }>("/api/metadata", {
      token: await sessionFor({ role: "staff" }, "nora@parcelpoint.test"),
    });
    expect(nobody.json.tables).toEqual([]);
  });
});
