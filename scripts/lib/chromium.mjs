// Finds a Chromium for the browser tests, installing one when the machine has none.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { ROOT, run } from "./processes.mjs";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/**
 * Returns the path of a Chromium to drive, or "" when Playwright's own downloaded browser should
 * be used. Order: CHROMIUM_PATH, a system Chromium, Debian's package (when root with apt-get),
 * then Playwright's download (needs the internet, which our CI lacks but a laptop has).
 */
export function ensureChromium() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (found) return found;

  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
  if (isRoot && hasApt) {
    console.log("Installing Chromium for the browser tests (apt-get install chromium)…");
    run("sh", [
      "-c",
      "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null",
    ]);
    if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  }

  console.log("Downloading Playwright's Chromium for the browser tests…");
  const cli = path.join(ROOT, "e2e", "node_modules", "playwright-core", "cli.js");
  if (run(process.execPath, [cli, "install", "chromium"]) === 0) return "";
  throw new Error(
    "No Chromium found for the browser tests. Install one (e.g. `apt-get install chromium`) or set CHROMIUM_PATH.",
  );
}
