import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    globalSetup: ["src/__tests__/global-setup.ts"],
    // PGlite start-up (initdb in WASM) and the property runs take a while on a busy machine.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    reporters: ["default", ["json", { outputFile: "../../.reports/query.json" }]],
  },
});
