import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { artifactPath, launchBrowser } from "./browser";

const analyticsUrl = inject("analyticsUrl");
const hostUrl = inject("hostUrl");

/**
 * The full-app SSO redirect flow as a person meets it: the analytics app sends a visitor without
 * a session to the host's identity provider, the host asks them to log in, signs a JWT and sends
 * them back, and they land signed in.
 */
describe("full-app SSO redirect flow in a real browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("signs a host user in across both apps and lands them on return_to", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${analyticsUrl}/auth/sso?return_to=%2F`);

    // Not logged in at the host yet: its login page, with the way back in callbackUrl.
    await page.waitForURL((url) => url.href.startsWith(`${hostUrl}/login`));
    await page.screenshot({ path: artifactPath("sso-redirect-1-host-login"), fullPage: true });
    await page.getByRole("button", { name: /Log in as Tess/ }).click();

    await page.waitForURL(`${analyticsUrl}/`);
    await expect(page.getByTestId("viewer-email").textContent()).resolves.toBe(
      "tess@northwind.test",
    );
    await expect(page.getByTestId("viewer-groups").textContent()).resolves.toBe("Tenants");
    await page.screenshot({ path: artifactPath("sso-redirect-2-landed"), fullPage: true });

    const cookies = await context.cookies(analyticsUrl);
    const session = cookies.find((cookie) => cookie.name === "embed_session");
    expect(session?.httpOnly).toBe(true);
    await context.close();
  });

  it("a user the host has not logged in cannot reach the analytics app's session", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${analyticsUrl}/auth/sso?jwt=forged.jwt.value&return_to=%2F`);
    expect(response?.status()).toBe(401);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      "Sign-in to analytics failed",
    );
    expect(
      (await context.cookies(analyticsUrl)).some((cookie) => cookie.name === "embed_session"),
    ).toBe(false);
    await context.close();
  });
});
