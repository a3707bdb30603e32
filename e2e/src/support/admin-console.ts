import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { artifactPath, launchBrowser } from "../browser";
import { removeDataDirs, startAnalyticsInstance } from "./analytics-instance";

/**
 * A console page's screenshot: a test artifact on every run, and written over the committed one
 * in docs/screenshots (the README's) only when asked with UPDATE_SCREENSHOTS=1, so a test run
 * does not dirty the tree.
 */
export const screenshotPath = (name: string) =>
  process.env.UPDATE_SCREENSHOTS === "1"
    ? path.resolve(
        path.dirname(fileURLToPath(import.meta.url)),
        `../../../docs/screenshots/${name}.png`,
      )
    : artifactPath(name);

/** The UI answers after a server round trip; a shared machine may take a while. */
export const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000 });

export interface ConsoleSession {
  server: Awaited<ReturnType<typeof startAnalyticsInstance>>;
  browser: Browser;
  /** The admin's browser context (1280 × 900); `page` is signed in once `signIn()` ran. */
  context: BrowserContext;
  page: Page;
  admin: { email: string; password: string };
  /** Signs the admin in through the login form, as a person would. */
  signIn(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A private production server with the demo seeded and an admin, plus Chromium: the console
 * suites change settings and content that the shared server's other suites depend on. Every
 * destructive console action asks first; the admin's page says yes.
 */
export async function startConsoleSession(
  name: string,
  env: Record<string, string> = {},
): Promise<ConsoleSession> {
  const admin = { email: `admin@${name}.test`, password: randomBytes(12).toString("base64url") };
  const server = await startAnalyticsInstance({
    EMBED_SEED_DEMO: "true",
    EMBED_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
    EMBED_ADMIN_EMAIL: admin.email,
    EMBED_ADMIN_PASSWORD: admin.password,
    ...env,
  });
  const browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.on("dialog", (dialog) => void dialog.accept());
  return {
    server,
    browser,
    context,
    page,
    admin,
    async signIn() {
      await page.goto(`${server.url}/login`);
      await page.getByLabel("Email").fill(admin.email);
      await page.getByLabel("Password").fill(admin.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${server.url}/`);
    },
    async stop() {
      await browser.close();
      await server.stop();
      removeDataDirs();
    },
  };
}
