import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    globalSetup: ["src/__tests__/global-setup.ts"],
    // PGlite start-up (initdb in WASM) takes a few seconds on a busy machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ["default", ["json", { outputFile: "../../.reports/sample-data.json" }]],
  },
});
