import { randomBytes } from "node:crypto";
import { signGuestEmbedToken } from "@embed/node";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactPath } from "./browser";
import { seriousViolations } from "./support/accessibility";
import {
  type ConsoleSession,
  poll,
  screenshotPath,
  startConsoleSession,
} from "./support/admin-console";

type ErrorBody = { error: { code: string; message: string } };
type Result = { columns: Array<{ name: string }>; rows: unknown[][] };

const inTenMinutes = () => Math.floor(Date.now() / 1000) + 600;

/**
 * The console's Content and embedding page in a real browser, on a private production server with
 * its own guest secret: the admin turns guest embedding on and locks a parameter through the UI
 * only, signs a token the way the page's snippet says, sees the embed render, turns the switch off
 * and sees the same token refused.
 */
describe("admin console: content and embedding", () => {
  const guestSecret = randomBytes(32).toString("base64url");
  let session: ConsoleSession;
  let server: ConsoleSession["server"];
  let browser: Browser;
  let page: Page;
  let dashboardId: number;
  let dashcardId: number;
  let questionId: number;

  /** The admin API on the private server, for fixtures the page cannot make (content itself). */
  const adminApi = async <T>(path: string, method: string, body?: unknown) => {
    const login = await fetch(`${server.url}/api/session/password`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(session.admin),
    });
    const { sessionToken } = (await login.json()) as { sessionToken: string };
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${sessionToken}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status, path).toBeLessThan(300);
    return (await response.json()) as T;
  };
  const guestApi = async <T>(path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as T };
  };

  beforeAll(async () => {
    session = await startConsoleSession("content", { EMBED_GUEST_EMBED_SECRET: guestSecret });
    ({ server, browser, page } = session);
    // A question and a dashboard as an analyst would have made them: guest embedding off (the
    // default), its parameters not embedded yet; `region` filters no card, so it cannot be locked.
    questionId = (
      await adminApi<{ id: number }>("/api/admin/cards", "POST", {
        name: "Orders list",
        dataSourceId: 1,
        queryKind: "structured",
        display: "table",
        query: { source: "orders" },
      })
    ).id;
    dashboardId = (
      await adminApi<{ id: number }>("/api/admin/dashboards", "POST", {
        name: "Customer orders",
        parameters: [
          { id: "account", slug: "account_id", name: "Account", type: "category" },
          { id: "region", slug: "region", name: "Region", type: "category" },
        ],
      })
    ).id;
    const placed = await adminApi<{ cards: Array<{ id: number }> }>(
      `/api/admin/dashboards/${dashboardId}/cards`,
      "PUT",
      [
        {
          cardId: questionId,
          x: 0,
          y: 0,
          w: 24,
          h: 8,
          parameterMappings: [{ parameterId: "account", target: { column: "account_id" } }],
        },
      ],
    );
    dashcardId = placed.cards[0]?.id as number;
  });
  afterAll(() => session?.stop());

  it("answers a signed-out visitor with the app's 404", async () => {
    const context = await browser.newContext();
    const visitor = await context.newPage();
    expect((await visitor.goto(`${server.url}/admin/content`))?.status()).toBe(404);
    await context.close();
  });

  it("turns guest embedding on and locks a parameter in the UI; the snippet's token opens the embed; off refuses it", async () => {
    await session.signIn();
    await page.goto(`${server.url}/admin`);
    await page.getByRole("link", { name: "Content and embedding" }).click();
    await page.waitForURL(`${server.url}/admin/content`);
    const entry = page.getByTestId(`dashboard-${dashboardId}`);
    const guestSwitch = entry.getByRole("switch", {
      name: "Guest embedding for dashboard “Customer orders”",
    });
    await expect(guestSwitch.isChecked()).resolves.toBe(false);

    // Off: no guest snippet, a word saying why; a token signed anyway is refused.
    await entry.getByText("Embedding snippets").click();
    await expect(
      entry.getByTestId(`dashboard-${dashboardId}-guest-off`).textContent(),
    ).resolves.toContain("turn on guest embedding first");
    const early = await signGuestEmbedToken(
      { resource: { dashboard: dashboardId }, params: {}, exp: inTenMinutes() },
      guestSecret,
    );
    const refusedEarly = await guestApi<ErrorBody>(`/api/embed/dashboard/${early}`);
    expect([refusedEarly.status, refusedEarly.json.error.code]).toEqual([
      403,
      "guest_embedding_disabled",
    ]);

    // The switch flips at once; its message says when the server has stored it.
    await guestSwitch.click();
    await poll(() => entry.getByTestId(`dashboard-${dashboardId}-guest-status`).textContent()).toBe(
      "Guest embedding on: tokens signed with the guest secret open it.",
    );
    await poll(() => guestSwitch.isChecked()).toBe(true);

    // Locking `region`, which filters no card, is refused beside the select; the select goes back.
    const region = entry.getByLabel("Embedding mode of Region");
    await region.selectOption("locked");
    await poll(() =>
      entry.getByTestId(`dashboard-${dashboardId}-parameter-region-error`).textContent(),
    ).toContain('The locked parameter "region" does not filter the card "Orders list"');
    await expect(region.inputValue()).resolves.toBe("disabled");

    // Locking the account, which filters the card, is saved.
    await entry.getByLabel("Embedding mode of Account").selectOption("locked");
    await poll(() =>
      entry.getByTestId(`dashboard-${dashboardId}-parameter-account_id-status`).textContent(),
    ).toBe("Saved: Locked (set by the token).");

    // The guest snippet: this server's address, the dashboard's id and its locked slug.
    // (The snippets, opened above, stay open across the page's refreshes.)
    await expect(
      entry.getByTestId(`dashboard-${dashboardId}-snippets`).getAttribute("open"),
    ).resolves.not.toBeNull();
    const guestSnippet = entry.getByTestId(`dashboard-${dashboardId}-snippet-guest`);
    // The page re-renders after the save: wait for the snippet to name the newly locked slug.
    await poll(() => guestSnippet.textContent()).toContain(
      'account_id: "<account_id of the signed-in user>"',
    );
    const snippet = (await guestSnippet.textContent()) as string;
    expect(snippet).toContain(`resource: { dashboard: ${dashboardId} }`);
    expect(snippet).toContain('account_id: "<account_id of the signed-in user>"');
    expect(snippet).toContain("process.env.EMBED_GUEST_EMBED_SECRET");
    expect(snippet).not.toContain(guestSecret);
    expect(snippet).toContain(`\`${server.url}/embed/dashboard/\${token}\``);
    const sdk = (await entry
      .getByTestId(`dashboard-${dashboardId}-snippet-sdk`)
      .textContent()) as string;
    expect(sdk).toContain(`instanceUrl: "${server.url}"`);
    expect(sdk).toContain(`<Dashboard id={${dashboardId}} />`);
    expect(
      await entry.getByTestId(`dashboard-${dashboardId}-snippet-full-app`).textContent(),
    ).toContain(`${server.url}/auth/sso?return_to=%2Fdashboard%2F${dashboardId}`);

    // Copy: the clipboard holds the snippet, and "Copied" is announced.
    await session.context.grantPermissions(["clipboard-read", "clipboard-write"], {
      origin: server.url,
    });
    await entry.getByRole("button", { name: /^Copy: Guest token/ }).click();
    await poll(() =>
      entry.getByTestId(`dashboard-${dashboardId}-snippet-guest-copy-status`).textContent(),
    ).toBe("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);

    // Sign as the snippet says (its payload, the test's secret for the env variable) and open it.
    const token = await signGuestEmbedToken(
      { resource: { dashboard: dashboardId }, params: { account_id: 4 }, exp: inTenMinutes() },
      guestSecret,
    );
    const guestPage = await session.context.newPage();
    await guestPage.goto(`${server.url}/embed/dashboard/${token}`);
    await expect(guestPage.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      "Customer orders",
    );
    await poll(() =>
      guestPage.getByTestId(`card-${dashcardId}`).locator("tbody tr").count(),
    ).toBeGreaterThan(0);
    const rows = await guestApi<Result>(`/api/embed/dashboard/${token}/cards/${dashcardId}/query`, {
      parameters: {},
    });
    expect(rows.status).toBe(200);
    const account = rows.json.columns.findIndex((column) => column.name === "account_id");
    expect(rows.json.rows.length).toBeGreaterThan(0);
    expect(new Set(rows.json.rows.map((row) => row[account]))).toEqual(new Set([4]));

    // Off, after asking: the same token is refused on the next request, page and API alike.
    await guestSwitch.click();
    await poll(() => entry.getByTestId(`dashboard-${dashboardId}-guest-status`).textContent()).toBe(
      "Guest embedding off: its guest tokens are refused.",
    );
    await guestPage.reload();
    await expect(guestPage.getByTestId("embed-error-code").textContent()).resolves.toBe(
      "guest_embedding_disabled",
    );
    await expect(guestPage.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      "This embedded dashboard cannot be shown",
    );
    const refused = await guestApi<ErrorBody>(`/api/embed/dashboard/${token}`);
    expect([refused.status, refused.json.error.code]).toEqual([403, "guest_embedding_disabled"]);
    const refusedQuery = await guestApi<ErrorBody>(
      `/api/embed/dashboard/${token}/cards/${dashcardId}/query`,
      { parameters: {} },
    );
    expect([refusedQuery.status, refusedQuery.json.error.code]).toEqual([
      403,
      "guest_embedding_disabled",
    ]);
    await guestPage.close();
  });

  it("refuses a guest token for a question whose guest embedding is off", async () => {
    const token = await signGuestEmbedToken(
      { resource: { question: questionId }, params: {}, exp: inTenMinutes() },
      guestSecret,
    );
    for (const path of [`/api/embed/question/${token}`, `/api/embed/question/${token}/query`]) {
      const answer = await guestApi<ErrorBody>(
        path,
        path.endsWith("/query") ? { parameters: {} } : undefined,
      );
      expect([answer.status, answer.json.error.code]).toEqual([403, "guest_embedding_disabled"]);
    }
    // The page says so too, and shows no rows.
    const guestPage = await session.context.newPage();
    await guestPage.goto(`${server.url}/embed/question/${token}`);
    await expect(guestPage.getByTestId("embed-error-code").textContent()).resolves.toBe(
      "guest_embedding_disabled",
    );
    expect(await guestPage.locator("tbody tr").count()).toBe(0);
    await guestPage.close();
  });

  it("the overview's guest checklist item counts the demo dashboard (switch on, account locked) and links here", async () => {
    await page.goto(`${server.url}/admin`);
    const item = page.getByTestId("check-guest-dashboard");
    await expect(item.getAttribute("data-done")).resolves.toBe("true");
    await expect(item.textContent()).resolves.toContain("Account overview");
    await expect(item.textContent()).resolves.not.toContain("Customer orders");
    await expect(item.getByRole("link").getAttribute("href")).resolves.toBe("/admin/content");
  });

  it("is clean for axe at 1280 and 768 px, without horizontal overflow", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/admin/content`);
    // The demo dashboard (guest embedding on, account locked) with its snippets open.
    const demo = page.getByTestId("dashboard-1");
    await demo.getByText("Embedding snippets").click();
    await demo.getByTestId("dashboard-1-snippet-guest").waitFor();
    await page.screenshot({ path: screenshotPath("admin-content"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 768, height: 900 });
    await page.reload();
    await page.getByTestId("dashboard-1").getByText("Embedding snippets").click();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: artifactPath("admin-content-768"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
  });
});
