import type { Browser, BrowserContext, Frame, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { artifactPath, launchBrowser } from "./browser";

const analyticsUrl = inject("analyticsUrl");
const hostUrl = inject("hostUrl");

/**
 * The sample host's three embedding pages (SDK, full app in an iframe, guest embed), as each demo
 * user meets them in a real browser: logged in through Parcelpoint's own login page, one browser
 * context per user. Every Accounts table must list exactly the user's accounts, never another
 * tenant's.
 */

interface DemoUser {
  key: string;
  name: string;
  email: string;
  /** The accounts the row policy lets this user see. */
  accounts: number[];
  /** Their tenant, as the warehouse's tenant_id column says. */
  tenant: number | null;
  /** The account their guest token locks (tenants: the first of theirs). */
  guestAccount: number | null;
}

const USERS: DemoUser[] = [
  {
    key: "tess",
    name: "Tess Tanaka",
    email: "tess@northwind.test",
    accounts: [1, 2, 3],
    tenant: 999,
    guestAccount: 1,
  },
  {
    key: "omar",
    name: "Omar Okafor",
    email: "omar@globex.test",
    accounts: [4, 5],
    tenant: 777,
    guestAccount: 4,
  },
  {
    key: "cara",
    name: "Cara Castillo",
    email: "cara@acme-retail.test",
    accounts: [1],
    tenant: 999,
    guestAccount: 1,
  },
  {
    key: "dev",
    name: "Dev Desai",
    email: "dev@initech.test",
    accounts: [4],
    tenant: 777,
    guestAccount: 4,
  },
  {
    key: "nora",
    name: "Nora Nilsson",
    email: "nora@parcelpoint.test",
    accounts: [],
    tenant: null,
    guestAccount: null,
  },
];

const DATA_TIMEOUT = 20_000;

/** Numbers in a table's column whose header reads like `name` (e.g. "Account ID" ~ account_id). */
async function columnValues(table: Locator, name: string): Promise<number[]> {
  await table.locator("tbody tr").first().waitFor({ timeout: DATA_TIMEOUT });
  return table.evaluate((element, wanted) => {
    const normalize = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");
    const headers = Array.from(element.querySelectorAll("thead th")).map((th) =>
      normalize(th.textContent ?? ""),
    );
    const index = headers.indexOf(normalize(wanted));
    if (index < 0) throw new Error(`no ${wanted} column in [${headers.join(", ")}]`);
    return Array.from(element.querySelectorAll("tbody tr")).map((row) =>
      Number((row.children[index]?.textContent ?? "").replace(/[^0-9.-]/g, "")),
    );
  }, name);
}

/** Account ids (sorted) and the set of tenant ids shown in an Accounts table. */
async function accountsIn(table: Locator) {
  const accounts = (await columnValues(table, "account_id")).sort((a, b) => a - b);
  const tenants = [...new Set(await columnValues(table, "tenant_id"))];
  return { accounts, tenants };
}

function expectOnlyOwnAccounts(shown: { accounts: number[]; tenants: number[] }, user: DemoUser) {
  expect(shown.accounts).toEqual(user.accounts);
  expect(shown.tenants).toEqual([user.tenant]);
}

async function logIn(context: BrowserContext, user: DemoUser): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${hostUrl}/login`);
  await page.getByRole("button", { name: `Log in as ${user.name}` }).click();
  await page.waitForURL(`${hostUrl}/`);
  await expect(page.getByTestId("current-user").textContent()).resolves.toContain(user.name);
  return page;
}

async function frameOf(page: Page, title: string): Promise<Frame> {
  const handle = await page.locator(`iframe[title="${title}"]`).elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error(`no iframe titled ${title}`);
  return frame;
}

async function checkSdkPage(page: Page, user: DemoUser) {
  await page.goto(`${hostUrl}/analytics/sdk`);
  const dashboard = page.getByTestId("sdk-dashboard");
  const question = page.getByTestId("sdk-question");
  const collections = page.getByTestId("sdk-collections");
  if (user.accounts.length === 0) {
    // Signed in to analytics, member of no group: the SDK's own states, never a row.
    for (const section of [dashboard, question]) {
      await section.locator('[data-embed-state="error"]').waitFor({ timeout: DATA_TIMEOUT });
    }
    await collections
      .locator('[data-embed-state="empty"], [data-embed-state="error"]')
      .first()
      .waitFor({ timeout: DATA_TIMEOUT });
    await expect(page.locator(".embed-table tbody tr").count()).resolves.toBe(0);
  } else {
    const dashboardTable = dashboard
      .locator("[data-embed-dashcard]", {
        has: page.getByRole("heading", { name: "Accounts", exact: true }),
      })
      .locator("table.embed-table");
    expectOnlyOwnAccounts(await accountsIn(dashboardTable), user);
    expectOnlyOwnAccounts(await accountsIn(question.locator("table.embed-table")), user);
    await collections.getByText("Customer analytics").waitFor({ timeout: DATA_TIMEOUT });
    // Charts drawn before the screenshot.
    await dashboard.locator("svg").first().waitFor({ timeout: DATA_TIMEOUT });
  }
  await page.screenshot({ path: artifactPath(`sample-host-${user.key}-sdk`), fullPage: true });
}

async function checkFullAppPage(page: Page, user: DemoUser) {
  await page.goto(`${hostUrl}/analytics/full-app`);
  const frame = await frameOf(page, "Analytics");
  // The SSO round trip (analytics → host's /analytics/sso → analytics) ends on the dashboard,
  // inside the frame, signed in as this user.
  await frame.waitForURL(`${analyticsUrl}/dashboard/1`, { timeout: DATA_TIMEOUT });
  if (user.accounts.length === 0) {
    const code = frame.getByTestId("page-error-code");
    await code.waitFor({ timeout: DATA_TIMEOUT });
    await expect(code.textContent()).resolves.toBe("dashboard_not_found");
    await expect(frame.locator("table tbody tr").count()).resolves.toBe(0);
  } else {
    await expect(frame.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      "Account overview",
    );
    const table = frame
      .locator("section", { has: frame.getByRole("heading", { name: "Accounts", exact: true }) })
      .locator("table.embed-table");
    expectOnlyOwnAccounts(await accountsIn(table), user);
    await frame.locator("svg").first().waitFor({ timeout: DATA_TIMEOUT });
  }
  await page.screenshot({ path: artifactPath(`sample-host-${user.key}-full-app`), fullPage: true });
}

async function checkGuestPage(page: Page, user: DemoUser) {
  await page.goto(`${hostUrl}/analytics/guest`);
  if (user.guestAccount === null) {
    await expect(page.getByTestId("guest-no-access").textContent()).resolves.toContain(
      "no analytics access",
    );
    await expect(page.locator("iframe").count()).resolves.toBe(0);
    await expect(page.locator("table tbody tr").count()).resolves.toBe(0);
    await page.screenshot({ path: artifactPath(`sample-host-${user.key}-guest`), fullPage: true });
    return;
  }
  await expect(page.getByTestId("guest-locked-account").textContent()).resolves.toContain(
    `account ${user.guestAccount}`,
  );
  const locked = { ...user, accounts: [user.guestAccount] };

  const frame = await frameOf(page, "Guest dashboard (iframe)");
  const frameTable = frame
    .locator("section", { has: frame.getByRole("heading", { name: "Accounts", exact: true }) })
    .locator("table");
  expectOnlyOwnAccounts(await accountsIn(frameTable), locked);

  const native = page.getByTestId("guest-native");
  const nativeTable = native
    .locator("[data-embed-dashcard]", {
      has: page.getByRole("heading", { name: "Accounts", exact: true }),
    })
    .locator("table.embed-table");
  expectOnlyOwnAccounts(await accountsIn(nativeTable), locked);
  // The locked filter is not offered; the editable ones are.
  await expect(native.locator('[data-embed-parameter="account_id"]').count()).resolves.toBe(0);
  await expect(native.locator('[data-embed-parameter="status"]').count()).resolves.toBe(1);
  await native.locator("svg").first().waitFor({ timeout: DATA_TIMEOUT });
  await page.screenshot({ path: artifactPath(`sample-host-${user.key}-guest`), fullPage: true });
}

describe("sample host embedding pages in a real browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("sends a visitor who is not logged in to the login page first", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${hostUrl}/analytics/sdk`);
    await page.waitForURL((url) => url.pathname === "/login");
    expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe("/analytics/sdk");
    await expect(page.locator('nav[aria-label="Analytics"]').count()).resolves.toBe(0);
    await context.close();
  });

  // One browser context per user, the users side by side: each page checks its own rows.
  it.concurrent.each(USERS)(
    "$key sees exactly their own accounts on every page, never another tenant's",
    async (user) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await logIn(context, user);
        const nav = page.locator('nav[aria-label="Analytics"]');
        await expect(nav.getByRole("link").allTextContents()).resolves.toEqual([
          "SDK",
          "Full app",
          "Guest embed",
        ]);
        await checkSdkPage(page, user);
        await checkFullAppPage(page, user);
        await checkGuestPage(page, user);
      } finally {
        await context.close();
      }
    },
  );

  it("shows the analytics server's error page for a tampered guest token", async () => {
    const context = await browser.newContext();
    try {
      const page = await logIn(context, USERS[3] as DemoUser);
      await page.goto(`${hostUrl}/analytics/guest`);
      const iframe = page.locator('iframe[title="Guest dashboard (iframe)"]');
      const src = (await iframe.getAttribute("src")) ?? "";
      const token = src.slice(src.lastIndexOf("/") + 1);
      const [header, payload = "", signature] = token.split(".");
      // One character of the payload changed; the signature no longer matches.
      const at = Math.floor(payload.length / 2);
      const changed = payload[at] === "A" ? "B" : "A";
      const tampered = `${header}.${payload.slice(0, at)}${changed}${payload.slice(at + 1)}.${signature}`;
      await iframe.evaluate((element, url) => {
        (element as HTMLIFrameElement).src = url;
      }, `${analyticsUrl}/embed/dashboard/${tampered}`);
      const frame = await frameOf(page, "Guest dashboard (iframe)");
      await frame.waitForURL((url) => url.pathname.endsWith(tampered));
      const code = frame.getByTestId("embed-error-code");
      await code.waitFor({ timeout: DATA_TIMEOUT });
      await expect(code.textContent()).resolves.toBe("guest_token_invalid");
      await expect(frame.locator("table tbody tr").count()).resolves.toBe(0);
      await page.screenshot({
        path: artifactPath("sample-host-dev-guest-tampered"),
        fullPage: true,
      });
    } finally {
      await context.close();
    }
  });
});
