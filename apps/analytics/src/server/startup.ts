import "server-only";
import { ensureAdminUser, MigrationError, migrateAppDatabase, seedDemoConfig } from "@embed/db";
import { getEnv, InvalidEnvironmentError } from "~/env";
import { hashPassword } from "./auth/password";
import { getAppDatabase } from "./db/app-database";
import { logger } from "./logger";
import { sealSecret } from "./settings/secret-box";
import { purgeExpiredTokenIds } from "./sso/exchange-sso-token";
import { purgeIdleThrottles } from "./throttle/login-throttle";
import { seedEmbeddedWarehouse } from "./warehouse/warehouses";

const PURGE_INTERVAL_MS = 15 * 60_000;

/**
 * Runs once before the server answers its first request: validates the environment, brings the
 * app database to the latest migration, bootstraps the first admin and, when asked, seeds the
 * demo. Any failure stops the process with a message an operator can act on — a half-migrated
 * server must never serve.
 */
export async function startServer(): Promise<void> {
  try {
    const env = getEnv();
    if (env.developmentDefaultsInUse.length > 0) {
      logger.warn("using development defaults; never do this in production", {
        variables: env.developmentDefaultsInUse,
      });
    }

    // The embedded warehouse opens (and is seeded) on its own thread while the app database
    // opens and migrates on another: two PGlite starts in parallel, on two cores.
    const embeddedSeed =
      env.EMBED_SEED_DEMO && !env.WAREHOUSE_URL ? seedEmbeddedWarehouse(env.dataDir) : undefined;
    embeddedSeed?.catch(() => undefined);

    const db = await getAppDatabase();
    const { applied } = await migrateAppDatabase(db);
    logger.info("app database ready", { kind: db.kind, migrationsApplied: applied });

    if (env.EMBED_ADMIN_EMAIL && env.EMBED_ADMIN_PASSWORD) {
      const admin = await ensureAdminUser(db.prisma, {
        email: env.EMBED_ADMIN_EMAIL,
        password: env.EMBED_ADMIN_PASSWORD,
        hashPassword,
      });
      if (admin.created) logger.info("first administrator created", { userId: admin.userId });
    }

    if (env.EMBED_SEED_DEMO) {
      // With WAREHOUSE_URL the demo content reads that database, which must hold the demo
      // schema (`pnpm seed:warehouse --database-url …`): we never write into it unasked.
      // Otherwise the embedded sample warehouse is filled here.
      const warehouse = env.WAREHOUSE_URL
        ? ({ kind: "url", connection: sealSecret(env.WAREHOUSE_URL) } as const)
        : ({ kind: "embedded_sample" } as const);
      const sample = await embeddedSeed;
      const config = await seedDemoConfig(db.prisma, {
        warehouse,
        isProduction: env.NODE_ENV === "production",
      });
      logger.info("demo seeded", {
        warehouse: env.WAREHOUSE_URL ? "WAREHOUSE_URL" : sample?.status,
        dashboardId: config.dashboardId,
        developmentDefaultsStored: config.developmentSecretsWritten,
      });
    }

    // Used SSO token ids are only needed until their tokens expire.
    setInterval(() => {
      purgeExpiredTokenIds().catch((error) =>
        logger.error("could not purge used SSO token ids", { error }),
      );
      // Login counters idle for a day (Redis expires its own).
      purgeIdleThrottles().catch((error) =>
        logger.error("could not purge idle login throttles", { error }),
      );
    }, PURGE_INTERVAL_MS).unref();

    // Under start.mjs's supervisor (a cluster worker, or its one child process): the startup
    // tasks are done, so the next workers may start without racing this one.
    process.send?.({ type: "embed:ready" });
  } catch (error) {
    if (error instanceof InvalidEnvironmentError || error instanceof MigrationError) {
      console.error(`\n${error.message}\n`);
    } else {
      logger.error("the analytics server could not start", { error });
    }
    process.exit(1);
  }
}
