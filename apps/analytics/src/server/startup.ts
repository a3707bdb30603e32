import "server-only";
import { MigrationError, migrateAppDatabase, seedDemoConfig } from "@embed/db";
import { seedDemoWarehouse } from "@embed/sample-data";
import { getEnv, InvalidEnvironmentError } from "~/env";
import { getAppDatabase } from "./db/app-database";
import { logger } from "./logger";

/**
 * Runs once before the server answers its first request: validates the environment, brings the
 * app database to the latest migration and, when asked, seeds the demo. Any failure stops the
 * process with a message an operator can act on — a half-migrated server must never serve.
 */
export async function startServer(): Promise<void> {
  try {
    const env = getEnv();
    if (env.developmentDefaultsInUse.length > 0) {
      logger.warn("using development defaults; never do this in production", {
        variables: env.developmentDefaultsInUse,
      });
    }

    const db = await getAppDatabase();
    const { applied } = await migrateAppDatabase(db);
    logger.info("app database ready", { kind: db.kind, migrationsApplied: applied });

    if (env.EMBED_SEED_DEMO) {
      await seedDemoConfig(db.prisma, { isProduction: env.NODE_ENV === "production" });
      if (!env.WAREHOUSE_URL) {
        const result = await seedDemoWarehouse({ dataDir: env.dataDir });
        logger.info("sample warehouse ready", { status: result.status });
      }
    }
  } catch (error) {
    if (error instanceof InvalidEnvironmentError || error instanceof MigrationError) {
      console.error(`\n${error.message}\n`);
    } else {
      logger.error("the analytics server could not start", { error });
    }
    process.exit(1);
  }
}
