import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The demo's own secrets file and environment: this server starts exactly as `npm run demo`'s.
import { demoAnalyticsEnv, loadDemoSecrets } from "../../scripts/lib/demo-secrets.mjs";
import { artifactPath, launchBrowser } from "./browser";
import { makeDataDir, removeDataDirs, startAnalyticsInstance } from "./support/analytics-instance";

type Instance = Awaited<ReturnType<typeof startAnalyticsInstance>>;

/**
 * What a newcomer does after `npm run demo`: sign in as the admin at /login and store a secret.
 * First on a server without EMBED_ENCRYPTION_KEY (a readable page, not JSON), then on the same
 * data folder started as the demo starts it now.
 */
describe("a newcomer's demo: admin sign-in at /login", () => {
  const dataDir = makeDataDir();
  const { secrets } = loadDemoSecrets(dataDir);
  const demoEnv = demoAnalyticsEnv({ secrets, dataDir, hostUrl: "http://localhost:3100" });
  let browser: Browser;
  let server: Instance | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await server?.stop();
    await browser?.close();
    removeDataDirs();
  });

  it("without an encryption key, /login explains what to set, and the API keeps its JSON error", async () => {
    const { EMBED_ENCRYPTION_KEY: _missing, ...withoutKey } = demoEnv;
    server = await startAnalyticsInstance(withoutKey, dataDir);
    const page = await browser.newPage();
    await page.goto(`${server.url}/login`);
    const notice = page.getByTestId("login-not-configured");
    await expect(notice.textContent()).resolves.toContain("EMBED_ENCRYPTION_KEY");
    await page.screenshot({ path: artifactPath("newcomer-login-without-key"), fullPage: true });

    // Where next-auth's client sends a browser when the server fails: back to a readable page.
    const navigation = await page.goto(`${server.url}/api/auth/error`);
    expect(page.url()).toBe(`${server.url}/login?error=encryption_key_missing`);
    expect(navigation?.headers()["content-type"]).toContain("text/html");
    await expect(page.getByTestId("login-not-configured").isVisible()).resolves.toBe(true);
    await page.close();

    const api = await fetch(`${server.url}/api/auth/providers`);
    expect(api.status).toBe(409);
    await expect(api.json()).resolves.toMatchObject({
      error: { code: "encryption_key_missing" },
    });
    await server.stop();
    server = undefined;
  });

  it("as the demo starts it, the admin signs in through the form and can store a secret", async () => {
    server = await startAnalyticsInstance(demoEnv, dataDir);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Email").fill(secrets.adminEmail);
    await page.getByLabel("Password").fill(secrets.adminPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/`);
    await expect(page.getByTestId("viewer-email").textContent()).resolves.toBe(secrets.adminEmail);
    await page.screenshot({ path: artifactPath("newcomer-admin-signed-in"), fullPage: true });

    // Registering a data source seals its URL under the server key before connecting: without
    // a key it stopped at `encryption_key_missing`; now it reaches the connection check.
    const stored = await page.evaluate(async () => {
      const response = await fetch("/api/admin/data-sources", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "newcomer", url: "postgres://nobody@127.0.0.1:1/none" }),
      });
      return { status: response.status, body: await response.json() };
    });
    expect([stored.status, stored.body.error?.code]).toEqual([400, "data_source_unreachable"]);
    await context.close();
  });
});
