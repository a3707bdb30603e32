import { beforeAll, describe, expect, it } from "vitest";
import { adminToken, api, type ErrorBody } from "./support/api";
import { identitySession } from "./support/identities";

/**
 * Native SQL questions through real HTTP: an admin creates and runs one; the sandboxed tenant-999
 * user can neither see nor run it; SQL in a dashboard parameter value is only ever a value.
 *
 * Cards and dashboards are created through the admin API. While a build has no such route (it
 * answers the JSON 404 of an unknown route), these tests skip: nothing is inserted behind the
 * server's back. The same rules are unit-tested in apps/analytics (native-questions.test.ts).
 */
type Result = {
  columns: Array<{ name: string; displayName: string; type: string }>;
  rows: unknown[][];
  rowCount: number;
  truncated: boolean;
};
type Created = { id?: number; card?: { id: number }; dashboard?: { id: number } };

const DEMO_DASHBOARD_ID = 1;
const idOf = (json: Created) => json.id ?? json.card?.id ?? json.dashboard?.id;
/** The JSON 404 of an API route this build does not have. */
const isMissingRoute = (status: number, json: unknown) =>
  status === 404 && (json as ErrorBody | undefined)?.error?.code === "not_found";

describe("native SQL questions", () => {
  let admin: string;
  let tenant: string;
  let dataSourceId: number;
  /** undefined: the admin card API does not exist in this build. */
  let cardId: number | undefined;

  async function createNativeCard(name: string, sql: string) {
    const { status, json } = await api<Created & ErrorBody>("/api/admin/cards", {
      token: admin,
      body: { name, display: "table", dataSourceId, queryKind: "native", query: { sql } },
    });
    if (isMissingRoute(status, json)) return undefined;
    expect([200, 201]).toContain(status);
    const id = idOf(json);
    expect(id).toEqual(expect.any(Number));
    return id as number;
  }

  beforeAll(async () => {
    admin = await adminToken();
    tenant = await identitySession("tenant999");
    const dashboard = await api<{ cards: Array<{ cardId: number }> }>(
      `/api/dashboard/${DEMO_DASHBOARD_ID}`,
      { token: admin },
    );
    const firstCard = dashboard.json.cards[0]?.cardId;
    const card = await api<{ dataSourceId: number }>(`/api/card/${firstCard}`, { token: admin });
    dataSourceId = card.json.dataSourceId;
    cardId = await createNativeCard(
      `Native accounts ${Date.now()}`,
      "SELECT account_id, plan, status, created_at FROM accounts ORDER BY account_id;",
    );
  });

  it("runs for the admin, with named columns", async (context) => {
    if (cardId === undefined) context.skip();
    const { status, json } = await api<Result>(`/api/card/${cardId}/query`, {
      token: admin,
      body: {},
    });
    expect(status).toBe(200);
    expect(json.columns.map((column) => [column.name, column.type])).toEqual([
      ["account_id", "number"],
      ["plan", "text"],
      ["status", "text"],
      ["created_at", "date"],
    ]);
    expect(json.rows.map((row) => row[0])).toEqual([1, 2, 3, 4, 5]);
    expect(json).toMatchObject({ rowCount: 5, truncated: false });
  });

  it("is hidden from and refused to the sandboxed tenant-999 user", async (context) => {
    if (cardId === undefined) context.skip();
    const seen = await api<ErrorBody>(`/api/card/${cardId}`, { token: tenant });
    expect([seen.status, seen.json.error.code]).toEqual([404, "card_not_found"]);
    const ran = await api<ErrorBody>(`/api/card/${cardId}/query`, { token: tenant, body: {} });
    expect([403, 404]).toContain(ran.status);
    expect(JSON.stringify(ran.json)).not.toContain("account_id");
  });

  it("binds SQL in a dashboard parameter value harmlessly", async (context) => {
    if (cardId === undefined) context.skip();
    const byPlan = await createNativeCard(
      `Native by plan ${Date.now()}`,
      "SELECT account_id, plan FROM accounts WHERE plan = {{plan}} ORDER BY account_id",
    );
    const dashboard = await api<Created & ErrorBody>("/api/admin/dashboards", {
      token: admin,
      body: {
        name: `Native parameters ${Date.now()}`,
        parameters: [{ id: "p1", slug: "plan", name: "Plan", type: "category" }],
      },
    });
    if (isMissingRoute(dashboard.status, dashboard.json)) context.skip();
    const dashboardId = idOf(dashboard.json);
    const placed = await api<ErrorBody>(`/api/admin/dashboards/${dashboardId}/cards`, {
      method: "PUT",
      token: admin,
      body: [{ cardId: byPlan, x: 0, y: 0, w: 6, h: 4 }],
    });
    if (isMissingRoute(placed.status, placed.json)) context.skip();
    expect(placed.status).toBe(200);
    const { json: shown } = await api<{ cards: Array<{ id: number }> }>(
      `/api/dashboard/${dashboardId}`,
      { token: admin },
    );
    const dashcardId = shown.cards[0]?.id;
    const run = (plan: string) =>
      api<Result & ErrorBody>(`/api/dashboard/${dashboardId}/cards/${dashcardId}/query`, {
        token: admin,
        body: { parameters: { plan } },
      });

    const premium = await run("Premium");
    expect(premium.status).toBe(200);
    expect(premium.json.rows.length).toBeGreaterThan(0);
    expect(premium.json.rows.every((row) => row[1] === "Premium")).toBe(true);
    for (const attack of ["' OR 1=1 --", "Premium'; DROP TABLE accounts; --", "x') OR ('1'='1"]) {
      const { status, json } = await run(attack);
      expect(status).toBe(200);
      expect(json.rows).toEqual([]);
    }
    // Not a cached answer (a value not asked before): the table is still there.
    const basic = await run("Basic");
    expect(basic.json.rows.length).toBeGreaterThan(0);
  });
});
