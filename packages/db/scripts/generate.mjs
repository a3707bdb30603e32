#!/usr/bin/env node
// Runs `prisma generate` without the network. The Prisma CLI insists on locating a native
// schema engine before it generates (and downloads one if it has none), although generate never
// runs it. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any executable (node itself: present on every
// machine) satisfies it. The variable is set for this child process only, so a user's own
// `prisma migrate deploy` still gets the real engine.
//
// build, typecheck and test all call this, and turbo may run them at once: a lock directory
// serialises them, and a stamp of the schema skips work that is already done.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const outputDir = join(packageDir, "src/generated/prisma");
const stampFile = join(outputDir, ".schema-stamp");
const lockDir = join(packageDir, "src/generated/.generate-lock");
const require = createRequire(import.meta.url);

function computeStamp() {
  const hash = createHash("sha256");
  hash.update(readFileSync(join(packageDir, "prisma/schema.prisma")));
  hash.update(readFileSync(join(packageDir, "prisma.config.ts")));
  hash.update(require("prisma/package.json").version);
  return hash.digest("hex");
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function acquireLock() {
  mkdirSync(dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      return;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      // A lock older than two minutes belongs to a process that died mid-generate.
      const age = Date.now() - statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs;
      if (age > 120_000) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockDir}`);
      Atomics.wait(sleeper, 0, 0, 100);
    }
  }
}

const force = process.argv.includes("--force");
acquireLock();
try {
  const stamp = computeStamp();
  const isFresh =
    !force && existsSync(stampFile) && readFileSync(stampFile, "utf8").trim() === stamp;
  if (!isFresh) {
    const prismaCli = join(dirname(require.resolve("prisma/package.json")), "build/index.js");
    const result = spawnSync(process.execPath, [prismaCli, "generate", "--no-hints"], {
      cwd: packageDir,
      stdio: "inherit",
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
        // No update check or telemetry call: there is no network to answer it.
        CHECKPOINT_DISABLE: "1",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
    });
    if (result.status !== 0) process.exit(result.status ?? 1);
    writeFileSync(stampFile, `${stamp}\n`);
  }
} finally {
  rmSync(lockDir, { recursive: true, force: true });
}
