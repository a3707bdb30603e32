import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactPath } from "./browser";
import { seriousViolations } from "./support/accessibility";
import { type ConsoleSession, screenshotPath, startConsoleSession } from "./support/admin-console";

/** The console's audit page in a real browser, on a private production server. */
describe("admin console: audit", () => {
  let session: ConsoleSession;
  let server: ConsoleSession["server"];
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    session = await startConsoleSession("audit", {
      EMBED_JWT_SHARED_SECRET: randomBytes(32).toString("base64url"),
    });
    ({ server, browser, page } = session);
  });
  afterAll(() => session?.stop());

  it("answers a signed-out visitor and the audit export with 404 and 401", async () => {
    const context = await browser.newContext();
    const visitor = await context.newPage();
    expect((await visitor.goto(`${server.url}/admin/audit`))?.status()).toBe(404);
    expect((await fetch(`${server.url}/api/admin/audit/export`)).status).toBe(401);
    await context.close();
  });

  it("finds a refused SSO login in the audit through the UI, and exports it as CSV", async () => {
    // The refusal: SSO is set up, but the token is not a JWT at all.
    const refused = await fetch(`${server.url}/api/session/sso`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jwt: "not-a-jwt" }),
    });
    expect(refused.status).toBe(401);
    const code = ((await refused.json()) as { error: { code: string } }).error.code;
    expect(code).toBe("token_malformed");

    await session.signIn();
    await page.getByRole("link", { name: "Open the admin console" }).click();
    await page.waitForURL(`${server.url}/admin`);
    await page
      .getByRole("navigation", { name: "Admin console" })
      .getByRole("link", {
        name: "Audit",
      })
      .click();
    await page.waitForURL(`${server.url}/admin/audit`);

    await page.getByLabel("Event type").selectOption("user.login_failed");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(`${server.url}/admin/audit?type=user.login_failed`);
    // The URL changes before the server's render arrives: wait for the filtered render.
    await page.locator('[data-query="type=user.login_failed"]').waitFor();
    const rows = page.getByTestId("audit-row");
    expect(await rows.count()).toBeGreaterThan(0);
    const texts = await rows.allTextContents();
    expect(texts.every((text) => text.includes("user.login_failed"))).toBe(true);
    expect(texts.some((text) => text.includes(code))).toBe(true);
    await page.screenshot({ path: screenshotPath("admin-audit"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    // Usable at 768 px too: a test artifact only.
    await page.setViewportSize({ width: 768, height: 900 });
    await page.screenshot({ path: artifactPath("admin-audit-768"), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("audit-events.csv");
    const csv = await readFile(await download.path(), "utf8");
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toMatch(/^last_occurred_at,first_occurred_at,type,count,/);
    expect(lines.slice(1).length).toBe(texts.length);
    expect(
      lines.some((line) => line.includes(`,user.login_failed,`) && line.includes(`,sso,${code},`)),
    ).toBe(true);
    // Only the filtered type: the admin's own successful login is not in it.
    expect(lines.slice(1).every((line) => line.includes(",user.login_failed,"))).toBe(true);
  });

  it("shows the empty state and a bad filter's message", async () => {
    await page.goto(`${server.url}/admin/audit`);
    await page.getByLabel("User (email)").fill("nobody@audit.test");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.locator('[data-query="email=nobody%40audit.test"]').waitFor();
    await page.getByText("No audit events match these filters.").waitFor();

    await page.goto(`${server.url}/admin/audit?from=yesterday`);
    await expect(
      page.getByRole("alert").filter({ hasText: "is not a date and time" }).textContent(),
    ).resolves.toBe('from: "yesterday" is not a date and time.');
  });
});
