// `pnpm bench -- --real`: the analytics server's production build (run `pnpm turbo run build
// --filter=@embed/analytics` first), started on a free port with a throwaway data folder and the
// demo seeded, so the bench measures the SDK against real answers, CORS and policies included.
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** An HS256 SSO JWT (API.md claims) for a tenant of the demo seed. */
export function signSsoJwt(secret: string, email: string, attributes: Record<string, unknown>) {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify({ email, iat: now, exp: now + 300, ...attributes }));
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

export async function startRealAnalytics(pageOrigin: string) {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "embed-react-bench-data-"));
  const ssoSecret = randomBytes(32).toString("base64url");
  const child: ChildProcess = spawn("pnpm", ["--filter", "@embed/analytics", "start"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      EMBED_DATA_DIR: dataDir,
      EMBED_SEED_DEMO: "true",
      EMBED_JWT_SHARED_SECRET: ssoSecret,
      EMBED_GUEST_EMBED_SECRET: randomBytes(32).toString("base64url"),
      EMBED_AUTHORIZED_ORIGINS: pageOrigin,
      EMBED_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
      EMBED_ADMIN_EMAIL: "admin@example.com",
      EMBED_ADMIN_PASSWORD: randomBytes(12).toString("base64url"),
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const output: string[] = [];
  child.stdout?.on("data", (chunk) => output.push(String(chunk)));
  child.stderr?.on("data", (chunk) => output.push(String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    // The whole process group: pnpm, and next below it.
    if (child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return { url, ssoSecret, stop };
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  stop();
  throw new Error(`The analytics server did not start:\n${output.join("").slice(-3000)}`);
}
