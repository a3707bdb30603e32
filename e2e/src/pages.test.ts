import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { artifactPath, launchBrowser } from "./browser";

const analyticsUrl = inject("analyticsUrl");
const hostUrl = inject("hostUrl");

describe("both apps in a real browser", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("serves the sample host's landing page", async () => {
    const page = await browser.newPage();
    await page.goto(hostUrl);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      "Parcelpoint",
    );
    await page.screenshot({ path: artifactPath("sample-host-home"), fullPage: true });
    await page.close();
  });

  it("serves the analytics server's landing page", async () => {
    const page = await browser.newPage();
    await page.goto(analyticsUrl);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      "Embed Analytics server",
    );
    await page.screenshot({ path: artifactPath("analytics-home"), fullPage: true });
    await page.close();
  });
});
