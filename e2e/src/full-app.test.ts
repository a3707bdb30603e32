import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { artifactPath, launchBrowser } from "./browser";
import { api } from "./support/api";
import { sessionFor } from "./support/identities";

const analyticsUrl = inject("analyticsUrl");
const hostUrl = inject("hostUrl");

/** A page on `origin` that frames the analytics app and records the messages it receives. */
async function framingPage(
  browser: Browser,
  origin: string,
  framedPath: string,
  cookie?: string,
): Promise<Page> {
  const context = await browser.newContext();
  if (cookie) {
    await context.addCookies([
      { name: "embed_session", value: cookie, url: analyticsUrl, httpOnly: true, sameSite: "Lax" },
    ]);
  }
  const page = await context.newPage();
  // The framing page is served by the test itself, at exactly the origin under test.
  await page.route(`${origin}/frame-test`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><title>host</title><script>
        window.received = [];
        addEventListener("message", (event) => window.received.push({ origin: event.origin, data: event.data }));
      </script><iframe id="app" src="${analyticsUrl}${framedPath}" style="width:1000px;height:700px"></iframe>`,
    }),
  );
  await page.goto(`${origin}/frame-test`);
  return page;
}

describe("full-app embedding", () => {
  let browser: Browser;
  let session: string;
  beforeAll(async () => {
    // The framing pages are served by request interception, which Chromium counts as a public
    // address; its local-network checks would then block the localhost frame before our CSP
    // ever decides. Real hosts are served from real addresses.
    browser = await launchBrowser(["--disable-features=LocalNetworkAccessChecks"]);
    session = await sessionFor({ role: "customer", primary_id: 4 }, "dev@initech.test");
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("tells browsers that only the authorized origins may frame the app", async () => {
    for (const path of ["/", "/login", "/dashboard/1"]) {
      const { headers } = await api(path);
      const directives = (headers.get("content-security-policy") ?? "").split(/;\s*/);
      expect(directives).toContain(`frame-ancestors 'self' ${hostUrl}`);
    }
  });

  it("sends a visitor without a session through the SSO redirect flow, back to the dashboard", async () => {
    const { status, headers } = await api("/dashboard/1");
    expect(status).toBeGreaterThanOrEqual(300);
    expect(status).toBeLessThan(400);
    expect(headers.get("location")).toMatch(/\/auth\/sso\?return_to=%2Fdashboard%2F1$/);
  });

  it("renders inside an authorized host's frame, without its chrome, and reports height and location", async () => {
    const page = await framingPage(browser, hostUrl, "/dashboard/1", session);
    const frame = page.frameLocator("#app");
    await expect(frame.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      "Account overview",
    );
    await expect(frame.locator(".app-chrome").isVisible()).resolves.toBe(false);
    await page.waitForFunction(() =>
      (window as unknown as { received: Array<{ data: { type: string } }> }).received.some(
        (message) => message.data.type === "embed-analytics:resize",
      ),
    );
    const received = await page.evaluate(
      () =>
        (
          window as unknown as {
            received: Array<{ origin: string; data: Record<string, unknown> }>;
          }
        ).received,
    );
    expect(received.every((message) => message.origin === analyticsUrl)).toBe(true);
    expect(received.map((message) => message.data.type)).toEqual(
      expect.arrayContaining([
        "embed-analytics:ready",
        "embed-analytics:navigate",
        "embed-analytics:resize",
      ]),
    );
    expect(
      received.find((message) => message.data.type === "embed-analytics:navigate")?.data.path,
    ).toBe("/dashboard/1");
    // Customer of account 4: the accounts table holds account 4 only.
    const accounts = frame.getByTestId("card-6");
    await expect(accounts.getByText("Globex Labs").count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: artifactPath("full-app-authorized-frame"), fullPage: true });
    await page.context().close();
  });

  it("is refused by the browser inside an unauthorized site's frame", async () => {
    const page = await framingPage(browser, "http://unauthorized-site.test", "/", session);
    // Chromium replaces a frame refused by frame-ancestors with its error page.
    await expect
      .poll(
        () =>
          page
            .frames()
            .find((frame) => frame !== page.mainFrame())
            ?.url() ?? "",
        { timeout: 10_000 },
      )
      .toMatch(/^chrome-error:/);
    const received = await page.evaluate(
      () => (window as unknown as { received: unknown[] }).received,
    );
    expect(received).toEqual([]);
    await page.screenshot({ path: artifactPath("full-app-unauthorized-frame"), fullPage: true });
    await page.context().close();
  });
});
