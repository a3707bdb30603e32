// `npm run demo`: installs everything, builds, and starts the analytics server (port 3000) and the
// sample host (port 3100) with the embedded databases migrated and seeded. Safe to run again: the
// seeds are idempotent and the secrets made on the first run are reused.
import path from "node:path";
import { demoAnalyticsEnv, demoStartMessage, loadDemoSecrets } from "./lib/demo-secrets.mjs";
import {
  installDependencies,
  isPortFree,
  ROOT,
  runPnpm,
  startApp,
  stopApp,
  waitUntilReady,
} from "./lib/processes.mjs";

const ANALYTICS_PORT = 3000;
const HOST_PORT = 3100;
const dataDir = path.resolve(ROOT, process.env.EMBED_DATA_DIR ?? ".data");

async function main() {
  for (const port of [ANALYTICS_PORT, HOST_PORT]) {
    if (!(await isPortFree(port))) {
      console.error(`Port ${port} is in use. Stop whatever listens there and run the demo again.`);
      process.exit(1);
    }
  }

  installDependencies();
  const buildCode = runPnpm(
    ["turbo", "run", "build", "--filter=@embed/analytics...", "--filter=@embed/sample-host..."],
    { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1" } },
  );
  if (buildCode !== 0) process.exit(buildCode);

  // The demo runs production builds, which refuse development defaults; so its secrets are random,
  // made once per data folder and kept (git-ignored) in it: see lib/demo-secrets.mjs.
  const { file: secretsFile, secrets } = loadDemoSecrets(dataDir);
  const analyticsUrl = `http://localhost:${ANALYTICS_PORT}`;
  const hostUrl = `http://localhost:${HOST_PORT}`;

  const analytics = startApp({
    app: "analytics",
    port: ANALYTICS_PORT,
    env: demoAnalyticsEnv({ secrets, dataDir, hostUrl }),
  });
  const host = startApp({
    app: "sample-host",
    port: HOST_PORT,
    env: {
      NODE_ENV: "production",
      EMBED_ANALYTICS_URL: analyticsUrl,
      EMBED_JWT_SHARED_SECRET: secrets.ssoSecret,
      EMBED_GUEST_EMBED_SECRET: secrets.guestEmbedSecret,
      AUTH_SECRET: secrets.hostSessionSecret,
      NEXTAUTH_URL: hostUrl,
    },
  });

  let shuttingDown = false;
  const shutdown = async (code) => {
    shuttingDown = true;
    await Promise.all([stopApp(analytics), stopApp(host)]);
    process.exit(code);
  };
  process.on("SIGINT", () => shutdown(0));
  process.on("SIGTERM", () => shutdown(0));
  for (const app of [analytics, host]) {
    app.child.once("exit", (code) => {
      if (shuttingDown) return;
      console.error(`\nA demo app stopped (exit code ${code}); stopping the other.`);
      shutdown(code || 1);
    });
  }

  await Promise.all([
    waitUntilReady({ ...analytics, url: `${analyticsUrl}/api/health` }),
    waitUntilReady({ ...host, url: hostUrl }),
  ]);

  console.log(
    demoStartMessage({
      analyticsUrl,
      hostUrl,
      adminEmail: secrets.adminEmail,
      secretsFile,
      dataDir,
    }),
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
