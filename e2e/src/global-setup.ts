import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
// Shared with the demo launcher, so tests start the apps exactly as `npm run demo` does.
import { findFreePort, startApp, stopApp, waitUntilReady } from "../../scripts/lib/processes.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    analyticsUrl: string;
    hostUrl: string;
    secrets: { ssoSecret: string; guestEmbedSecret: string };
  }
}

/**
 * Starts the built analytics server and sample host once for the whole e2e run, on free ports,
 * in production mode, with a throwaway data folder seeded with the demo.
 */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "embed-e2e-"));
  const secrets = {
    ssoSecret: randomBytes(32).toString("base64url"),
    guestEmbedSecret: randomBytes(32).toString("base64url"),
  };
  const [analyticsPort, hostPort] = [await findFreePort(), await findFreePort()];
  const analyticsUrl = `http://localhost:${analyticsPort}`;
  const hostUrl = `http://localhost:${hostPort}`;

  const analytics = startApp({
    app: "analytics",
    port: analyticsPort,
    quiet: true,
    env: {
      NODE_ENV: "production",
      EMBED_DATA_DIR: dataDir,
      EMBED_SEED_DEMO: "true",
      EMBED_JWT_SHARED_SECRET: secrets.ssoSecret,
      EMBED_GUEST_EMBED_SECRET: secrets.guestEmbedSecret,
      EMBED_JWT_IDP_URL: `${hostUrl}/analytics/sso`,
      EMBED_AUTHORIZED_ORIGINS: hostUrl,
      EMBED_ADMIN_EMAIL: "admin@e2e.test",
      EMBED_ADMIN_PASSWORD: randomBytes(12).toString("base64url"),
    },
  });
  const host = startApp({
    app: "sample-host",
    port: hostPort,
    quiet: true,
    env: {
      NODE_ENV: "production",
      EMBED_ANALYTICS_URL: analyticsUrl,
      EMBED_JWT_SHARED_SECRET: secrets.ssoSecret,
      EMBED_GUEST_EMBED_SECRET: secrets.guestEmbedSecret,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
    },
  });

  const teardown = async () => {
    await Promise.all([stopApp(analytics), stopApp(host)]);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await Promise.all([
      waitUntilReady({ ...analytics, url: `${analyticsUrl}/api/health` }),
      waitUntilReady({ ...host, url: hostUrl }),
    ]);
  } catch (error) {
    await teardown();
    throw error;
  }

  project.provide("analyticsUrl", analyticsUrl);
  project.provide("hostUrl", hostUrl);
  project.provide("secrets", secrets);
  return teardown;
}
