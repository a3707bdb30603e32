// `npm test`: installs what is missing, then lints, builds, typechecks and tests every package
// and app (unit, database, HTTP and browser tests), and ends with one line: `N passed, N failed`.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureChromium } from "./lib/chromium.mjs";
import { installDependencies, ROOT, runPnpm } from "./lib/processes.mjs";

const REPORTS_DIR = path.join(ROOT, ".reports");

/** Workspace packages that have a `test` script, each expected to write `.reports/<dir>.json`. */
function packagesWithTests() {
  const found = [];
  for (const group of ["apps", "packages"]) {
    for (const dir of readdirSync(path.join(ROOT, group))) {
      const manifest = path.join(ROOT, group, dir, "package.json");
      if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).scripts?.test) {
        found.push(dir);
      }
    }
  }
  found.push("e2e");
  return found;
}

/** Counts from one vitest JSON report; a file that failed to load counts as a failure. */
function readReport(file) {
  const report = JSON.parse(readFileSync(file, "utf8"));
  const loadFailures = (report.testResults ?? []).filter(
    (suite) => suite.status === "failed" && (suite.assertionResults ?? []).length === 0,
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + loadFailures,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

function main() {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1" };
  installDependencies();
  env.CHROMIUM_PATH = ensureChromium();
  rmSync(REPORTS_DIR, { recursive: true, force: true });

  const problems = [];
  if (runPnpm(["biome", "check", "."], { env }) !== 0) problems.push("lint (biome check) failed");
  const turboCode = runPnpm(
    [
      "turbo",
      "run",
      "build",
      "typecheck",
      "test",
      "--continue",
      "--concurrency=2",
      "--output-logs=errors-only",
    ],
    { env },
  );
  if (turboCode !== 0) problems.push(`turbo run build typecheck test exited with ${turboCode}`);

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  console.log("\nTest results by package:");
  for (const name of packagesWithTests()) {
    const file = path.join(REPORTS_DIR, `${name}.json`);
    if (!existsSync(file)) {
      problems.push(`${name}: no test report (its build or test run crashed)`);
      failed += 1;
      console.log(`  ${name.padEnd(14)} no report`);
      continue;
    }
    const counts = readReport(file);
    passed += counts.passed;
    failed += counts.failed;
    skipped += counts.skipped;
    console.log(
      `  ${name.padEnd(14)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
    );
  }
  if (skipped > 0) problems.push(`${skipped} test(s) skipped: a skipped test is not a passing one`);
  for (const problem of problems) console.log(`  ! ${problem}`);
  // A failed check fails the run like a failed test: lint, skipped tests, and a turbo failure
  // that no test failure or crashed suite explains (a build or typecheck error).
  const testFailures = failed;
  failed += problems.filter(
    (problem) =>
      !problem.includes("no test report") && !(problem.startsWith("turbo") && testFailures > 0),
  ).length;

  const ok = failed === 0;
  // The closing line CI reads: `N passed, N failed`.
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(ok ? 0 : 1);
}

main();
