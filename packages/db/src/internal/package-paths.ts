import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "@embed/db";

let cachedRoot: string | undefined;

/**
 * The folder holding this package's package.json. Found by walking up from this module because
 * it runs from two depths: `src/internal/` (tsx, vitest) and `dist/` (the built package).
 */
export function findPackageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string };
      if (name === PACKAGE_NAME) {
        cachedRoot = dir;
        return dir;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) {
      // Happens when a bundler copied this code elsewhere (e.g. Next.js without
      // `serverExternalPackages: ["@embed/db"]`): the caller must then say where things are.
      throw new Error(
        `Cannot locate the ${PACKAGE_NAME} package folder from ${fileURLToPath(import.meta.url)}. ` +
          "Pass `migrationsDir` (and `schemaPath`) explicitly, or keep @embed/db external to your bundle.",
      );
    }
    dir = parent;
  }
}

/** `prisma/migrations` of this package: shipped in the published package (`files`). */
export function defaultMigrationsDir(): string {
  return join(findPackageRoot(), "prisma", "migrations");
}

/** `prisma/schema.prisma` of this package. */
export function defaultSchemaPath(): string {
  return join(findPackageRoot(), "prisma", "schema.prisma");
}
