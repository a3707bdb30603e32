import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    globalSetup: ["src/global-setup.ts"],
    // Both apps are shared by every test file; the browser is the slow part, so give it room.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    reporters: ["default", ["json", { outputFile: "../.reports/e2e.json" }]],
  },
});
