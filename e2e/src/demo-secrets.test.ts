import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  demoAnalyticsEnv,
  demoStartMessage,
  loadDemoSecrets,
} from "../../scripts/lib/demo-secrets.mjs";

/** `npm run demo`'s secrets file: what a newcomer's second run, or an old data folder, finds. */
describe("the demo's secrets file", () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), "embed-demo-secrets-"));
    dirs.push(dir);
    return path.join(dir, "nested", "data");
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("makes an encryption key on the first run and keeps it on the next", () => {
    const dir = dataDir();
    const first = loadDemoSecrets(dir);
    expect(first.file).toBe(path.join(dir, "demo-secrets.json"));
    expect(first.secrets.encryptionKey.length).toBeGreaterThanOrEqual(32);
    expect(statSync(first.file).mode & 0o077).toBe(0);
    expect(loadDemoSecrets(dir).secrets).toEqual(first.secrets);
    expect(JSON.parse(readFileSync(first.file, "utf8"))).toEqual(first.secrets);
  });

  it("adds a key to a file written before the demo made one, keeping every other value", () => {
    const dir = dataDir();
    const { file, secrets } = loadDemoSecrets(dir);
    const { encryptionKey: _dropped, ...older } = secrets;
    writeFileSync(file, JSON.stringify(older));
    const upgraded = loadDemoSecrets(dir).secrets;
    expect(upgraded).toMatchObject(older);
    expect(upgraded.encryptionKey.length).toBeGreaterThanOrEqual(32);
    expect(loadDemoSecrets(dir).secrets.encryptionKey).toBe(upgraded.encryptionKey);
  });

  it("gives the analytics server the key, and names the real secrets file when it starts", () => {
    const dir = dataDir();
    const { file, secrets } = loadDemoSecrets(dir);
    const env = demoAnalyticsEnv({ secrets, dataDir: dir, hostUrl: "http://localhost:3100" });
    expect(env.EMBED_ENCRYPTION_KEY).toBe(secrets.encryptionKey);
    expect(env).toMatchObject({ NODE_ENV: "production", EMBED_DATA_DIR: dir });
    const message = demoStartMessage({
      analyticsUrl: "http://localhost:3000",
      hostUrl: "http://localhost:3100",
      adminEmail: secrets.adminEmail,
      secretsFile: file,
      dataDir: dir,
    });
    expect(message).toContain(file);
    expect(message).not.toContain(".data/demo-secrets.json");
  });
});
