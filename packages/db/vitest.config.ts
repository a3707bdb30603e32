import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    reporters: ["default", ["json", { outputFile: "../../.reports/db.json" }]],
    // Creates the PostgreSQL scratch database (or a pglite-socket stand-in) for the run.
    globalSetup: ["src/__tests__/global-setup.ts"],
    // Real databases: PGlite boots a WASM PostgreSQL, the schema engine is a 5 MB WASM module.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
