import { defineConfig } from "tsup";

export default defineConfig({
  // csv is its own entry so the SDK can take the one CSV rule without the zod schemas.
  entry: ["src/index.ts", "src/csv.ts"],
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
});
