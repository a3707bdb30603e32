// The floor bench (bench/floor.bench.ts) is only fair while the floor does the work ours does:
// these checks keep it honest as the product changes. The floor must answer a card with the very
// rows our server answers, for a tenant and for a customer, never more than the person may see,
// and refuse what ours refuses.
import { randomBytes } from "node:crypto";
import { signSsoToken } from "@embed/node";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FloorServer, startFloorServer } from "../bench/lib/floor-server";
import {
  ADMIN_URL,
  createScratchDatabases,
  type ScratchDatabases,
} from "../bench/lib/scratch-databases";
import { removeDataDirs, startAnalyticsInstance } from "./support/analytics-instance";
import { postgresAnswers } from "./support/postgres";

const secret = randomBytes(32).toString("base64url");
const admin = { email: "admin@floor.test", password: randomBytes(12).toString("base64url") };
const TENANT = 999;

interface QueryAnswer {
  columns: Array<{ name: string }>;
  rows: unknown[][];
  rowCount: number;
  truncated: boolean;
}

async function post(url: string, options: { token?: string; body?: unknown } = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the test reads arbitrary JSON answers
  return { status: response.status, json: (await response.json()) as any };
}

const hasPostgres = await postgresAnswers(ADMIN_URL, {
  suite: "floor-server",
  skipped: "the floor checks are skipped",
});

describe.skipIf(!hasPostgres)("the floor server (the bench's yardstick)", () => {
  let databases: ScratchDatabases;
  let server: Awaited<ReturnType<typeof startAnalyticsInstance>>;
  let floor: FloorServer;
  let cards: Map<string, number>;
  let tenantAccounts: number[];
  let customerAccount: number;

  const jwtFor = (email: string, attributes: Record<string, string | number>, key = secret) =>
    signSsoToken({ email, attributes }, { secret: key });
  const signIn = async (
    baseUrl: string,
    email: string,
    attributes: Record<string, string | number>,
  ) => {
    const answer = await post(`${baseUrl}/api/session/sso`, {
      body: { jwt: await jwtFor(email, attributes) },
    });
    expect(answer.status).toBe(200);
    return answer.json.sessionToken as string;
  };

  beforeAll(async () => {
    const created = await createScratchDatabases();
    if (!created) throw new Error("the floor checks need PostgreSQL (TEST_DATABASE_URL)");
    databases = created;
    server = await startAnalyticsInstance({
      DATABASE_URL: databases.app,
      WAREHOUSE_URL: databases.warehouse,
      EMBED_SEED_DEMO: "true",
      EMBED_JWT_SHARED_SECRET: secret,
      EMBED_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
      EMBED_ADMIN_EMAIL: admin.email,
      EMBED_ADMIN_PASSWORD: admin.password,
    });
    const adminToken = (await post(`${server.url}/api/session/password`, { body: admin })).json
      .sessionToken as string;
    floor = await startFloorServer({
      appDatabaseUrl: databases.app,
      warehouseUrl: databases.warehouse,
      jwtSecret: secret,
      compiler: { url: server.url, adminToken },
      cache: true,
    });
    const app = new pg.Client({ connectionString: databases.app });
    const warehouse = new pg.Client({ connectionString: databases.warehouse });
    await Promise.all([app.connect(), warehouse.connect()]);
    try {
      const rows = (await app.query<{ id: number; name: string }>("SELECT id, name FROM cards"))
        .rows;
      cards = new Map(rows.map((card) => [card.name, card.id]));
      tenantAccounts = (
        await warehouse.query<{ account_id: number }>(
          "SELECT account_id FROM accounts WHERE tenant_id = $1 ORDER BY account_id",
          [TENANT],
        )
      ).rows.map((row) => row.account_id);
    } finally {
      await Promise.all([app.end(), warehouse.end()]);
    }
    expect(tenantAccounts.length).toBeGreaterThan(1);
    customerAccount = tenantAccounts[0] as number;
  });

  afterAll(async () => {
    await floor?.close();
    await server?.stop();
    await databases?.drop();
    removeDataDirs();
  });

  // Each person signs in once through ours and once through the floor: the same login statement,
  // so either session opens both servers.
  const people = () => [
    { label: "tenant", attributes: { role: "tenant", primary_id: TENANT } },
    { label: "customer", attributes: { role: "customer", primary_id: customerAccount } },
  ];

  for (const cardName of ["Accounts", "Orders per month", "Revenue"]) {
    it(`answers "${cardName}" with our rows, for a tenant and for a customer`, async () => {
      const cardId = cards.get(cardName);
      expect(cardId).toBeDefined();
      for (const person of people()) {
        const email = `${person.label}@floor.test`;
        const oursToken = await signIn(server.url, email, person.attributes);
        const floorToken = await signIn(floor.url, email, person.attributes);
        const path = `/api/card/${cardId}/query`;
        const ours = await post(`${server.url}${path}`, { token: oursToken });
        expect(ours.status).toBe(200);
        expect(ours.json.rowCount).toBeGreaterThan(0);
        // Twice: the second answer comes from the floor's cache and must not differ.
        for (const token of [floorToken, oursToken]) {
          const answer = await post(`${floor.url}${path}`, { token });
          expect(answer.status).toBe(200);
          expect(answer.json as QueryAnswer).toEqual(ours.json);
        }
      }
    });
  }

  it("gives a customer only their account's rows, and a tenant only the tenant's", async () => {
    const accountsCard = cards.get("Accounts");
    for (const person of people()) {
      const token = await signIn(floor.url, `${person.label}@floor.test`, person.attributes);
      const answer = await post(`${floor.url}/api/card/${accountsCard}/query`, { token });
      expect(answer.status).toBe(200);
      const column = (answer.json as QueryAnswer).columns.findIndex((c) => c.name === "account_id");
      expect(column).toBeGreaterThanOrEqual(0);
      const seen = (answer.json as QueryAnswer).rows.map((row) => row[column]);
      expect(seen).toEqual(person.label === "customer" ? [customerAccount] : tenantAccounts);
    }
  });

  it("refuses a JWT signed with another secret, garbage, and a replayed token (401)", async () => {
    const forged = await jwtFor(
      "mallory@floor.test",
      { role: "tenant", primary_id: TENANT },
      "x".repeat(43),
    );
    for (const jwt of [forged, "not.a.jwt"]) {
      expect((await post(`${floor.url}/api/session/sso`, { body: { jwt } })).status).toBe(401);
    }
    const jwt = await jwtFor("replay@floor.test", { role: "tenant", primary_id: TENANT });
    expect((await post(`${floor.url}/api/session/sso`, { body: { jwt } })).status).toBe(200);
    expect((await post(`${floor.url}/api/session/sso`, { body: { jwt } })).status).toBe(401);
  });

  it("refuses an unknown session and a missing one (401)", async () => {
    const path = `${floor.url}/api/card/${cards.get("Accounts")}/query`;
    expect((await post(path, { token: randomBytes(32).toString("base64url") })).status).toBe(401);
    expect((await post(path)).status).toBe(401);
  });
});
