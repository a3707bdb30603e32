import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDataDirs } from "./support/analytics-instance";
import { customerSession } from "./support/hostile-requests";
import { HOSTILE_SEED, runHostile, startHostileTarget } from "./support/hostile-run";

type Target = Awaited<ReturnType<typeof startHostileTarget>>;
type Result = { columns: Array<{ name: string }>; rows: unknown[][] };
type DashboardBody = { cards: Array<{ id: number }> };

/**
 * Random and malformed bodies, path parameters, query strings and headers to every route of
 * the OpenAPI document, as anonymous, a customer and the admin (bounded here; `pnpm bench` runs
 * longer): never a 5xx, every 4xx a coded error JSON, and the server healthy afterwards.
 */
describe(`hostile input on every documented route (seed ${HOSTILE_SEED})`, () => {
  let target: Target;
  let before: string[];

  /** Customer 1's rows on every card of the demo dashboard, checked to be account 1's only. */
  async function customerRows(): Promise<string[]> {
    const token = await customerSession(target.server.url, target.ssoSecret);
    const auth = { authorization: `Bearer ${token}` };
    const dashboard = await fetch(`${target.server.url}/api/dashboard/1`, { headers: auth });
    expect(dashboard.status).toBe(200);
    const { cards } = (await dashboard.json()) as DashboardBody;
    const results: string[] = [];
    for (const card of cards) {
      const response = await fetch(`${target.server.url}/api/dashboard/1/cards/${card.id}/query`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ parameters: {} }),
      });
      expect(response.status).toBe(200);
      const result = (await response.json()) as Result;
      const account = result.columns.findIndex((column) => column.name === "account_id");
      if (account >= 0) for (const row of result.rows) expect(row[account]).toBe(1);
      results.push(JSON.stringify(result.rows));
    }
    return results;
  }

  beforeAll(async () => {
    target = await startHostileTarget();
    before = await customerRows();
  });
  afterAll(async () => {
    await target?.server.stop();
    removeDataDirs();
  });

  it("covers every documented route", () => {
    expect(target.operations.length).toBeGreaterThan(40);
  });

  it.each(["anonymous", "customer", "admin"] as const)(
    "as %s: no 5xx, every 4xx is a coded error",
    async (caller) => {
      const statuses = await runHostile({
        baseUrl: target.server.url,
        operations: target.operations,
        caller,
        token: target.tokens[caller],
        runs: 400,
      });
      // The run reached past authentication, not only its refusals.
      if (caller !== "anonymous") {
        const passed = [...statuses].filter(([status]) => status !== 401);
        expect(passed.length).toBeGreaterThan(0);
      }
    },
    240_000,
  );

  it("is healthy afterwards, and the customer still gets exactly their rows", async () => {
    const health = await fetch(`${target.server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await customerRows()).toEqual(before);
  });
});
