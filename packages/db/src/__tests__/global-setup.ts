import { createScratchPostgres } from "@embed/testing/scratch-postgres";
import type { TestProject } from "vitest/node";

export interface PostgresTargetInfo {
  /** URL of the scratch database the Postgres contract suite owns for this run. */
  url: string;
  /** What is behind the URL, for the test names. */
  server: "postgresql" | "pglite-socket";
}

declare module "vitest" {
  export interface ProvidedContext {
    postgresTarget: PostgresTargetInfo;
  }
}

/** The PostgreSQL target of the contract suite (see @embed/testing/scratch-postgres). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const target = await createScratchPostgres("db");
  project.provide("postgresTarget", {
    url: target.url,
    server: target.backend === "postgres" ? "postgresql" : "pglite-socket",
  });
  return target.teardown;
}
