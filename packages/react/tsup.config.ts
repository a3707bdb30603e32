import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  // Types from @embed/contracts (error-code unions) are inlined, so the published types stand
  // alone: a consumer never installs or resolves the (ESM-only, private) contracts package. tsup
  // only inlines a package it can resolve by "types", which contracts declares in its exports
  // map, hence the path to its source.
  dts: {
    resolve: [/^@embed\/contracts(\/csv)?$/],
    compilerOptions: {
      paths: {
        "@embed/contracts": ["../contracts/src/index.ts"],
        "@embed/contracts/csv": ["../contracts/src/csv.ts"],
      },
    },
  },
  sourcemap: true,
  clean: true,
  target: "es2020",
  // Only types and the zod-free @embed/contracts/csv reach the SDK; bundling it keeps the CJS
  // build free of a require() of an ESM-only package.
  noExternal: [/^@embed\/contracts/],
  external: ["react", "react-dom", "@tanstack/react-query", "chartist"],
  // The whole entry is client code: Next.js server components may import it (they get client
  // references) without running it on the server.
  banner: { js: '"use client";' },
});
