import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";

/** Screenshots land here, one per user and page; CI keeps them as artifacts. */
export const ARTIFACTS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../artifacts",
);

/**
 * A system Chromium (Debian's, by default) driven by playwright-core: Playwright cannot download
 * its own browser on our CI machines. `npm test` sets CHROMIUM_PATH; an empty value means
 * "use the browser Playwright downloaded".
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath:
      process.env.CHROMIUM_PATH === ""
        ? undefined
        : (process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
}

export function artifactPath(name: string): string {
  return path.join(ARTIFACTS_DIR, `${name}.png`);
}
