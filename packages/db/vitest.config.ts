import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    reporters: ["default", ["json", { outputFile: "../../.reports/db.json" }]],
    // Creates the PostgreSQL scratch database (or a pglite-socket stand-in) for the run.
    globalSetup: ["src/__tests__/global-setup.ts"],
    // Real databases: PGlite boots a WASM PostgreSQL (in a worker thread of its own, twice for a
    // new folder), the schema engine is a 5 MB WASM module; a busy two-core machine needs room.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
