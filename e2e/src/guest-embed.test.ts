import { signGuestEmbedToken } from "@embed/node";
import { base64url, SignJWT } from "jose";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { artifactPath, launchBrowser } from "./browser";
import { api, type ErrorBody } from "./support/api";

const { guestEmbedSecret, ssoSecret } = inject("secrets");
const analyticsUrl = inject("analyticsUrl");
const DASHBOARD_ID = 1;
const inTenMinutes = () => Math.floor(Date.now() / 1000) + 600;

type Result = { columns: Array<{ name: string }>; rows: unknown[][]; rowCount: number };
type DashboardBody = {
  cards: Array<{ id: number; title: string }>;
  parameters: Array<{ slug: string }>;
};

const guestToken = (params: Record<string, unknown>, secret = guestEmbedSecret) =>
  signGuestEmbedToken(
    { resource: { dashboard: DASHBOARD_ID }, params, exp: inTenMinutes() },
    secret,
  );

describe("guest embedding (signed token, no user)", () => {
  let token: string;
  let dashboard: DashboardBody;
  const card = (title: string) =>
    dashboard.cards.find((candidate) => candidate.title === title)?.id;

  beforeAll(async () => {
    token = await guestToken({ account_id: 4 });
    dashboard = (await api<DashboardBody>(`/api/embed/dashboard/${token}`)).json;
  });

  it("lists only the editable parameters, never the locked one", () => {
    expect(dashboard.parameters.map((parameter) => parameter.slug).sort()).toEqual([
      "date_range",
      "status",
    ]);
    expect(dashboard.cards.length).toBeGreaterThanOrEqual(5);
  });

  it("shows only the rows of the locked account", async () => {
    const { status, json } = await api<Result>(
      `/api/embed/dashboard/${token}/cards/${card("Accounts")}/query`,
      {
        body: { parameters: {} },
      },
    );
    expect(status).toBe(200);
    const idColumn = json.columns.findIndex((column) => column.name === "account_id");
    expect(json.rows.map((row) => row[idColumn])).toEqual([4]);
  });

  it("applies editable parameters on top of the locked ones", async () => {
    const all = await api<Result>(`/api/embed/dashboard/${token}/cards/${card("Orders")}/query`, {
      body: { parameters: {} },
    });
    const delivered = await api<Result>(
      `/api/embed/dashboard/${token}/cards/${card("Orders")}/query`,
      {
        body: { parameters: { status: "delivered" } },
      },
    );
    expect(delivered.status).toBe(200);
    expect(Number(delivered.json.rows[0]?.[0])).toBeLessThan(Number(all.json.rows[0]?.[0]));
  });

  it("refuses an unsigned attempt to set the locked or a disabled parameter", async () => {
    const locked = await api<ErrorBody>(
      `/api/embed/dashboard/${token}/cards/${card("Accounts")}/query`,
      {
        body: { parameters: { account_id: 1 } },
      },
    );
    expect([locked.status, locked.json.error.code]).toEqual([400, "parameter_locked"]);
    const unknown = await api<ErrorBody>(
      `/api/embed/dashboard/${token}/cards/${card("Accounts")}/query`,
      {
        body: { parameters: { tenant_id: 777 } },
      },
    );
    expect([unknown.status, unknown.json.error.code]).toEqual([400, "invalid_parameter"]);
  });

  it("refuses tampered, unsigned, wrongly signed and expired tokens", async () => {
    const [header, , signature] = token.split(".");
    const forgedPayload = base64url.encode(
      JSON.stringify({
        resource: { dashboard: DASHBOARD_ID },
        params: { account_id: 1 },
        exp: inTenMinutes(),
      }),
    );
    const unsigned = `${base64url.encode(JSON.stringify({ alg: "none" }))}.${forgedPayload}.`;
    const expired = await new SignJWT({
      resource: { dashboard: DASHBOARD_ID },
      params: { account_id: 4 },
    })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 300)
      .sign(new TextEncoder().encode(guestEmbedSecret));
    const cases: Array<[string, string]> = [
      [`${header}.${forgedPayload}.${signature}`, "guest_token_invalid"],
      [unsigned, "guest_token_invalid"],
      [await guestToken({ account_id: 4 }, ssoSecret), "guest_token_invalid"],
      [expired, "guest_token_expired"],
      ["not-a-token", "guest_token_invalid"],
    ];
    for (const [bad, code] of cases) {
      const dashboardResponse = await api<ErrorBody>(`/api/embed/dashboard/${bad}`);
      expect([dashboardResponse.status, dashboardResponse.json.error.code]).toEqual([401, code]);
      const queryResponse = await api<ErrorBody>(
        `/api/embed/dashboard/${bad}/cards/${card("Accounts")}/query`,
        {
          body: { parameters: {} },
        },
      );
      expect(queryResponse.json.error.code).toBe(code);
    }
  });

  it("refuses a token that leaves a locked parameter unset", async () => {
    const { status, json } = await api<ErrorBody>(`/api/embed/dashboard/${await guestToken({})}`);
    expect([status, json.error.code]).toEqual([400, "guest_parameter_invalid"]);
  });

  describe("the embeddable page in a real browser", () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it("renders the locked account's data, and a clear error for a tampered token", async () => {
      const page = await browser.newPage();
      await page.goto(`${analyticsUrl}/embed/dashboard/${token}`);
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
        "Account overview",
      );
      const accounts = page.getByTestId(`card-${card("Accounts")}`);
      await expect(accounts.locator("tbody tr").count()).resolves.toBe(1);
      await page.screenshot({ path: artifactPath("guest-embed-account-4"), fullPage: true });

      const [header, , signature] = token.split(".");
      const forged = base64url.encode(
        JSON.stringify({
          resource: { dashboard: 1 },
          params: { account_id: 1 },
          exp: inTenMinutes(),
        }),
      );
      await page.goto(`${analyticsUrl}/embed/dashboard/${header}.${forged}.${signature}`);
      await expect(page.getByTestId("embed-error-code").textContent()).resolves.toBe(
        "guest_token_invalid",
      );
      await page.screenshot({ path: artifactPath("guest-embed-tampered"), fullPage: true });
      await page.close();
    });
  });
});
