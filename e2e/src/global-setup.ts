import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { exportJWK, exportSPKI, generateKeyPair } from "jose";
import type { TestProject } from "vitest/node";
// Shared with the demo launcher, so tests start the apps exactly as `npm run demo` does.
import { findFreePort, startApp, stopApp, waitUntilReady } from "../../scripts/lib/processes.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    analyticsUrl: string;
    hostUrl: string;
    secrets: { ssoSecret: string; guestEmbedSecret: string };
    admin: { email: string; password: string };
    /** The identity provider's RS256 signing key, whose public half the JWKS URL serves. */
    idpPrivateJwk: Record<string, unknown>;
    /** The same key's public half as PEM: what an attacker would HMAC-sign with. */
    idpPublicPem: string;
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
  const admin = { email: "admin@e2e.test", password: randomBytes(12).toString("base64url") };

  // An identity provider's JWKS endpoint, for RS256 SSO tokens.
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwks = {
    keys: [{ ...(await exportJWK(publicKey)), kid: "idp-1", alg: "RS256", use: "sig" }],
  };
  const jwksServer = createServer((_request, response) => {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
  const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;

  const [analyticsPort, hostPort] = [await findFreePort(), await findFreePort()];
  const analyticsUrl = `http://localhost:${analyticsPort}`;
  const hostUrl = `http://localhost:${hostPort}`;

  const analytics = startApp({
    app: "analytics",
    port: analyticsPort,
    quiet: process.env.E2E_VERBOSE !== "1",
    env: {
      NODE_ENV: "production",
      EMBED_DATA_DIR: dataDir,
      EMBED_SEED_DEMO: "true",
      EMBED_JWT_SHARED_SECRET: secrets.ssoSecret,
      EMBED_GUEST_EMBED_SECRET: secrets.guestEmbedSecret,
      EMBED_JWT_IDP_URL: `${hostUrl}/analytics/sso`,
      EMBED_AUTHORIZED_ORIGINS: hostUrl,
      EMBED_JWT_JWKS_URL: jwksUrl,
      EMBED_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
      EMBED_ADMIN_EMAIL: admin.email,
      EMBED_ADMIN_PASSWORD: admin.password,
      // Every suite here speaks from one address, and some send many refused logins on
      // purpose: the limits are tested on servers of their own (login-throttle.test.ts).
      EMBED_LOGIN_MAX_FAILURES: "1000",
      EMBED_LOGIN_MAX_FAILURES_PER_ADDRESS: "1000000",
      EMBED_SSO_MAX_FAILURES_PER_ADDRESS: "1000000",
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
      NEXTAUTH_URL: hostUrl,
    },
  });

  const teardown = async () => {
    await Promise.all([stopApp(analytics), stopApp(host)]);
    jwksServer.close();
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
  project.provide("admin", admin);
  project.provide("idpPublicPem", await exportSPKI(publicKey));
  project.provide("idpPrivateJwk", {
    ...(await exportJWK(privateKey)),
    kid: "idp-1",
    alg: "RS256",
  });
  return teardown;
}
