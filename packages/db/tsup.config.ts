import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  removeNodeProtocol: false,
  // The generated Prisma client (TypeScript in src/generated) is bundled; the runtimes it and
  // the drivers load stay external. tsup externalises `dependencies` by itself; the schema
  // engine packages are devDependencies, loaded lazily by createMigration/checkMigrationDrift only.
  external: [
    /^@prisma\/client(\/.*)?$/,
    "@prisma/adapter-pg",
    "@prisma/driver-adapter-utils",
    /^@prisma\/schema-engine-wasm(\/.*)?$/,
    /^@electric-sql\/pglite(\/.*)?$/,
    "pglite-prisma-adapter",
    "pg",
  ],
});
