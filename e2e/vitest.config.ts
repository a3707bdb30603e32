import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    globalSetup: ["src/global-setup.ts"],
    // Both apps are shared by every test file; the browser is the slow part, so give it room.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // A page under test renders on a busy two-core machine: waiting for it is not a timing
    // assertion, so `expect.poll` waits up to 20 s (vitest's default is 1 s) before failing.
    expect: { poll: { timeout: 20_000 } },
    reporters: ["default", ["json", { outputFile: "../.reports/e2e.json" }]],
  },
});
