// Process helpers shared by the demo launcher (scripts/demo.mjs) and the end-to-end test harness
// (e2e/): one way to find pnpm, start an app and wait until it answers.
import { spawn, spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The pnpm version the repo is locked with (package.json "packageManager"). */
export const PNPM_VERSION = "10.34.9";

/**
 * How to run pnpm here: the one on PATH, or a pinned copy through npx on a machine that has only
 * Node and npm (corepack cannot be relied on).
 * @returns {{ command: string, prefix: string[] }}
 */
export function resolvePnpm() {
  const probe = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  if (probe.status === 0 && probe.stdout.trim().startsWith("10.")) {
    return { command: "pnpm", prefix: [] };
  }
  return { command: "npx", prefix: ["--yes", `pnpm@${PNPM_VERSION}`] };
}

/**
 * Runs a command to completion with inherited output; returns its exit code.
 * @param {string} command @param {string[]} args @param {import("node:child_process").SpawnOptions} [options]
 */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: ROOT, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

/** Runs pnpm with the given arguments; returns its exit code. */
export function runPnpm(args, options = {}) {
  const pnpm = resolvePnpm();
  return run(pnpm.command, [...pnpm.prefix, ...args], options);
}

/** Installs the workspace's dependencies exactly as locked. */
export function installDependencies() {
  const code = runPnpm(["install", "--frozen-lockfile"], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1" },
  });
  if (code !== 0) throw new Error(`pnpm install failed with exit code ${code}`);
}

/** Resolves true when nothing listens on the port on localhost. */
export function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A port the OS considers free right now. */
export function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Starts a built Next.js app (`next start`) of the workspace.
 * @param {{ app: "analytics" | "sample-host", port: number, env: Record<string, string>, label?: string, quiet?: boolean }} options
 */
export function startApp({ app, port, env, label = app, quiet = false }) {
  const cwd = path.join(ROOT, "apps", app);
  // The analytics server's own entry point supervises its worker processes (start.mjs); the
  // sample host is plain `next start`.
  const entry =
    app === "analytics"
      ? path.join(cwd, "start.mjs")
      : path.join(cwd, "node_modules", "next", "dist", "bin", "next");
  const args = [entry, ...(app === "analytics" ? [] : ["start"]), "--port", String(port)];
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  /** Everything the app printed, kept to explain a failed start. */
  const output = [];
  const onData = (stream) => (chunk) => {
    const text = chunk.toString();
    output.push(text);
    if (!quiet) {
      for (const line of text.split("\n")) if (line.trim()) stream.write(`[${label}] ${line}\n`);
    }
  };
  child.stdout.on("data", onData(process.stdout));
  child.stderr.on("data", onData(process.stderr));
  return { child, port, url: `http://localhost:${port}`, output };
}

/**
 * Polls a URL until it answers 2xx; rejects with the app's output if the process exits or the
 * deadline passes.
 * @param {{ url: string, child: import("node:child_process").ChildProcess, output: string[], timeoutMs?: number }} options
 */
export async function waitUntilReady({ url, child, output, timeoutMs = 120_000 }) {
  const deadline = Date.now() + timeoutMs;
  let exited = child.exitCode !== null;
  child.once("exit", () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`${url} exited before it was ready:\n${output.join("").slice(-4000)}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms:\n${output.join("").slice(-4000)}`);
}

/** Stops a started app and waits for it to exit. */
export function stopApp({ child }) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
