import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    environment: "jsdom",
    setupFiles: ["src/__tests__/support/setup.ts"],
    reporters: ["default", ["json", { outputFile: "../../.reports/react.json" }]],
  },
});
