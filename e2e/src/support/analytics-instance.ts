import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  findFreePort,
  startApp,
  stopApp,
  waitUntilReady,
} from "../../../scripts/lib/processes.mjs";

/**
 * A private analytics server for tests that need their own configuration or data folder (the
 * shared one from global-setup serves the rest). Production mode, like a real deployment.
 */
export async function startAnalyticsInstance(env: Record<string, string>, dataDir = makeDataDir()) {
  const port = await findFreePort();
  const app = startApp({
    app: "analytics",
    port,
    quiet: true,
    env: { NODE_ENV: "production", EMBED_DATA_DIR: dataDir, ...env },
  });
  await waitUntilReady({ ...app, url: `${app.url}/api/health` });
  return { ...app, dataDir, stop: () => stopApp(app) };
}

const made: string[] = [];

export function makeDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "embed-instance-"));
  made.push(dir);
  return dir;
}

/** Deletes every data folder `makeDataDir` made (call from afterAll/afterEach). */
export function removeDataDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
