import { randomBytes } from "node:crypto";
import { signSsoToken } from "@embed/node";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactPath } from "./browser";
import { seriousViolations } from "./support/accessibility";
import { type ConsoleSession, screenshotPath, startConsoleSession } from "./support/admin-console";

/**
 * The admin console in a real browser, on a private production server: it rotates secrets and
 * changes settings, which the shared server's other suites depend on.
 */
describe("admin console", () => {
  let session: ConsoleSession;
  let server: ConsoleSession["server"];
  let admin: ConsoleSession["admin"];
  let browser: Browser;
  let page: Page;

  /**
   * A host user signing in through the browser with a token the host signed with `secret`: the
   * page they land on (the app, or the refusal page with its code).
   */
  const ssoLogin = async (secret: string) => {
    const jwt = await signSsoToken(
      { email: "host-user@console.test", attributes: { role: "tenant", primary_id: 3 } },
      { secret },
    );
    const context = await browser.newContext();
    const visitor = await context.newPage();
    const response = await visitor.goto(
      `${server.url}/auth/sso?jwt=${encodeURIComponent(jwt)}&return_to=%2F`,
    );
    const text = (await visitor.locator("body").textContent()) ?? "";
    await context.close();
    return { status: response?.status(), text };
  };

  /** Signed in: the app's page names the host user. */
  const signedIn = async (secret: string) => {
    const landed = await ssoLogin(secret);
    expect(landed.status).toBe(200);
    expect(landed.text).toContain("host-user@console.test");
  };

  beforeAll(async () => {
    session = await startConsoleSession("console");
    ({ server, browser, page, admin } = session);
  });
  afterAll(() => session?.stop());

  it("answers a signed-out visitor with the app's 404, not the console", async () => {
    const context = await browser.newContext();
    const visitor = await context.newPage();
    for (const url of ["/admin", "/admin/sso"]) {
      const response = await visitor.goto(`${server.url}${url}`);
      expect(response?.status()).toBe(404);
      expect(await visitor.getByRole("navigation", { name: "Admin console" }).count()).toBe(0);
    }
    await context.close();
  });

  it("shows the admin the overview: health, counts and the set-up checklist", async () => {
    await session.signIn();
    await page.getByRole("link", { name: "Open the admin console" }).click();
    await page.waitForURL(`${server.url}/admin`);

    await expect(page.getByTestId("health-database").textContent()).resolves.toBe("ok");
    // The demo seed: the admin and at least one dashboard and data source.
    expect(Number(await page.getByTestId("count-Users").textContent())).toBeGreaterThanOrEqual(1);
    expect(Number(await page.getByTestId("count-Dashboards").textContent())).toBeGreaterThan(0);
    expect(Number(await page.getByTestId("count-Data sources").textContent())).toBeGreaterThan(0);
    expect(Number(await page.getByTestId("count-Active sessions").textContent())).toBeGreaterThan(
      0,
    );
    // A fresh production server has no SSO secret: the checklist says so and links to the fix.
    const ssoItem = page.getByTestId("check-sso-secret");
    expect(await ssoItem.getAttribute("data-done")).toBe("false");
    expect(await ssoItem.getByRole("link").getAttribute("href")).toBe(
      "/admin/sso#jwt_shared_secret",
    );
    await expect(page.getByTestId("recent-logins").textContent()).resolves.toContain(admin.email);
    await page.screenshot({
      path: screenshotPath("admin-overview"),
      fullPage: true,
    });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("rotates the SSO secret through the UI, retires the previous one, and the old token is refused", async () => {
    const oldSecret = randomBytes(32).toString("base64url");
    const newSecret = randomBytes(32).toString("base64url");
    const panel = page.getByTestId("secret-jwt_shared_secret");
    const rotate = async (value: string, kid: string) => {
      await panel.getByLabel(/New secret/).fill(value);
      await panel.getByRole("button", { name: "Rotate" }).click();
      await expect
        .poll(() => panel.getByTestId("secret-jwt_shared_secret-status").textContent())
        .toContain(`the current key is now ${kid}`);
    };
    await page.goto(`${server.url}/admin/sso`);

    // Too short: the API's own message, beside the form.
    await panel.getByLabel(/New secret/).fill("short");
    await panel.getByRole("button", { name: "Rotate" }).click();
    await expect
      .poll(() => panel.getByTestId("secret-jwt_shared_secret-error").textContent())
      .toContain("at least 32 characters");

    await rotate(oldSecret, "jwt_shared_secret-v1");
    await signedIn(oldSecret);
    await rotate(newSecret, "jwt_shared_secret-v2");
    // With overlap: both keys verify until the previous one is retired.
    await signedIn(oldSecret);
    await expect
      .poll(() => panel.getByTestId("secret-jwt_shared_secret-keys").textContent())
      .toContain("jwt_shared_secret-v1 — previous");

    await panel.getByRole("button", { name: "Retire the previous key" }).click();
    await expect
      .poll(() => panel.getByTestId("secret-jwt_shared_secret-status").textContent())
      .toBe("Retired the previous key.");
    const refused = await ssoLogin(oldSecret);
    expect(refused.status).toBe(401);
    expect(refused.text).toContain("Sign-in to analytics failed");
    expect(refused.text).toContain("token_signature_invalid");
    await signedIn(newSecret);
    await expect
      .poll(() => panel.getByTestId("secret-jwt_shared_secret-keys").textContent())
      .not.toContain("jwt_shared_secret-v1");

    // A signed-in host user who is not an admin gets the 404 too.
    const context = await browser.newContext();
    const visitor = await context.newPage();
    const jwt = await signSsoToken(
      { email: "tenant@console.test", attributes: { role: "tenant", primary_id: 3 } },
      { secret: newSecret },
    );
    await visitor.goto(`${server.url}/auth/sso?jwt=${encodeURIComponent(jwt)}&return_to=%2F`);
    await expect(visitor.getByTestId("viewer-email").textContent()).resolves.toBe(
      "tenant@console.test",
    );
    expect(await visitor.getByRole("link", { name: "Open the admin console" }).count()).toBe(0);
    expect((await visitor.goto(`${server.url}/admin`))?.status()).toBe(404);
    await context.close();
  });

  it("changes the authorized origins through the UI and reads them back", async () => {
    await page.goto(`${server.url}/admin/sso`);
    const field = page.getByLabel("Authorized origins");
    await field.fill("not a url");
    await page.getByRole("button", { name: "Save authorized origins" }).click();
    await expect
      .poll(() => page.getByTestId("setting-authorizedOrigins-error").textContent())
      .toContain("authorizedOrigins");

    await field.fill("https://host.console.test/some/path\nhttps://other.console.test");
    await page.getByRole("button", { name: "Save authorized origins" }).click();
    await expect
      .poll(() => page.getByTestId("setting-authorizedOrigins-status").textContent())
      .toBe("Saved.");
    await page.reload();
    // The page streams in behind its loading state: read it once it is shown.
    await page.getByTestId("setting-authorizedOrigins").waitFor({ state: "visible" });
    await expect(page.getByLabel("Authorized origins").inputValue()).resolves.toBe(
      "https://host.console.test\nhttps://other.console.test",
    );
    await expect(page.getByTestId("setting-authorizedOrigins-source").textContent()).resolves.toBe(
      "Set here.",
    );
    // docs/screenshots/admin-sso.png shows the SSO tools with a result (admin-sso-tools.test.ts).
    await page.screenshot({ path: artifactPath("admin-sso-settings"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // The overview's checklist follows.
    await page.goto(`${server.url}/admin`);
    expect(await page.getByTestId("check-authorized-origins").getAttribute("data-done")).toBe(
      "true",
    );
    expect(await page.getByTestId("check-sso-secret").getAttribute("data-done")).toBe("true");
  });
});
