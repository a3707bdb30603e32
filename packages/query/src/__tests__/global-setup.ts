import { createScratchPostgres } from "@embed/testing/scratch-postgres";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** A scratch database for this run. */
    postgresUrl: string;
    /** `postgres`: a real server; `pglite-socket`: PGlite behind a socket, when none answered. */
    postgresBackend: "postgres" | "pglite-socket";
  }
}

/** The PostgreSQL target of this package's suite (see @embed/testing/scratch-postgres). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const target = await createScratchPostgres("query");
  project.provide("postgresUrl", target.url);
  project.provide("postgresBackend", target.backend);
  return target.teardown;
}
