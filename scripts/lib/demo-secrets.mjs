// The demo's secrets: random, made once per data folder and kept there, so a second
// `npm run demo` signs the same tokens and opens the secrets the first one stored.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const secret = () => randomBytes(32).toString("base64url");

/** Every secret the demo needs, and how to make one that is missing (older files lack some). */
const MAKERS = {
  ssoSecret: secret,
  guestEmbedSecret: secret,
  hostSessionSecret: secret,
  // Seals the secrets an admin stores (rotated SSO secrets, warehouse URLs) and keys the admin
  // login's cookie: without it the admin cannot sign in at /login.
  encryptionKey: secret,
  adminEmail: () => "admin@example.com",
  adminPassword: () => randomBytes(12).toString("base64url"),
};

/**
 * Reads `<dataDir>/demo-secrets.json`, adding whatever it lacks (written back, never replacing a
 * value it has: a new encryption key would make stored secrets unreadable).
 * @param {string} dataDir
 * @returns {{ file: string, secrets: Record<keyof typeof MAKERS, string> }}
 */
export function loadDemoSecrets(dataDir) {
  const file = path.join(dataDir, "demo-secrets.json");
  const kept = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const secrets = { ...kept };
  for (const [name, make] of Object.entries(MAKERS)) secrets[name] ??= make();
  if (Object.keys(secrets).length !== Object.keys(kept).length) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return { file, secrets };
}

/**
 * The analytics server's environment in the demo (also what the e2e tests start "like the demo").
 * @param {{ secrets: Record<string, string>, dataDir: string, hostUrl: string }} options
 * @returns {Record<string, string>}
 */
export function demoAnalyticsEnv({ secrets, dataDir, hostUrl }) {
  return {
    NODE_ENV: "production",
    EMBED_DATA_DIR: dataDir,
    EMBED_SEED_DEMO: "true",
    EMBED_JWT_SHARED_SECRET: secrets.ssoSecret,
    EMBED_GUEST_EMBED_SECRET: secrets.guestEmbedSecret,
    EMBED_ENCRYPTION_KEY: secrets.encryptionKey,
    EMBED_JWT_IDP_URL: `${hostUrl}/analytics/sso`,
    EMBED_AUTHORIZED_ORIGINS: hostUrl,
    EMBED_ADMIN_EMAIL: secrets.adminEmail,
    EMBED_ADMIN_PASSWORD: secrets.adminPassword,
  };
}

/**
 * The lines the demo prints once both apps answer; the secrets file's real path, since
 * EMBED_DATA_DIR may put it anywhere.
 * @param {{ analyticsUrl: string, hostUrl: string, adminEmail: string, secretsFile: string, dataDir: string }} options
 */
export function demoStartMessage({ analyticsUrl, hostUrl, adminEmail, secretsFile, dataDir }) {
  return `
  The demo is running.

    Sample host (the SaaS that embeds us)   ${hostUrl}
    Analytics server                        ${analyticsUrl}   (health: ${analyticsUrl}/api/health)
    Analytics admin                         ${adminEmail} at ${analyticsUrl}/login
                                            (password: "adminPassword" in ${secretsFile})

  Data lives in ${dataDir}. Press Ctrl+C to stop.
`;
}
