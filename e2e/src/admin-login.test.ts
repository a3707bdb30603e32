import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { artifactPath, launchBrowser } from "./browser";

const analyticsUrl = inject("analyticsUrl");
const admin = inject("admin");

describe("administrator login (next-auth credentials) in a real browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("refuses a wrong password with a clear message", async () => {
    const page = await browser.newPage();
    await page.goto(`${analyticsUrl}/login`);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("login-error").textContent()).resolves.toBe(
      "The email or password is not correct.",
    );
    await page.screenshot({ path: artifactPath("admin-login-refused"), fullPage: true });
    await page.close();
  });

  it("follows callbackUrl only to a path on this server", async () => {
    const signIn = async (callbackUrl: string) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${analyticsUrl}/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      await page.getByLabel("Email").fill(admin.email);
      await page.getByLabel("Password").fill(admin.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => url.pathname !== "/login");
      const landed = page.url();
      await context.close();
      return landed;
    };
    // A tab is stripped by the browser: "/\t/evil" would become "//evil", another site.
    expect(await signIn("/\t/evil.example.com/")).toBe(`${analyticsUrl}/`);
    expect(await signIn("/dashboard/1")).toBe(`${analyticsUrl}/dashboard/1`);
  });

  it("signs the admin in with a revocable database session, usable by the admin API", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${analyticsUrl}/login`);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${analyticsUrl}/`);
    await expect(page.getByTestId("viewer-email").textContent()).resolves.toBe(admin.email);
    await page.screenshot({ path: artifactPath("admin-login-landed"), fullPage: true });

    // The browser's next-auth cookie is accepted by the API, and never exposes the session token.
    const status = await page.evaluate(async () => (await fetch("/api/admin/users")).status);
    expect(status).toBe(200);
    const clientSession = await page.evaluate(async () =>
      (await fetch("/api/auth/session")).text(),
    );
    expect(clientSession).not.toContain("sessionToken");

    // Signing out through next-auth revokes the database session too.
    const cookie = (await context.cookies(analyticsUrl)).find((c) =>
      c.name.endsWith("next-auth.session-token"),
    );
    expect(cookie).toBeDefined();
    await page.evaluate(async () => {
      const { csrfToken } = await (await fetch("/api/auth/csrf")).json();
      await fetch("/api/auth/signout", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken, json: "true" }),
      });
    });
    const replayed = await fetch(`${analyticsUrl}/api/admin/users`, {
      headers: { cookie: `${cookie?.name}=${cookie?.value}` },
    });
    expect(replayed.status).toBe(401);
    await context.close();
  });
});
