import "server-only";
import { getEnv, InvalidEnvironmentError } from "~/env";

/**
 * Validates the environment at server start, so that a host with a missing or published secret
 * refuses to start instead of failing its first login. Not at build time: `next build` runs
 * without the secrets.
 */
export function checkEnvironment(): void {
  try {
    const env = getEnv();
    if (env.developmentDefaultsInUse.length > 0) {
      console.warn(
        `Parcelpoint is using development secrets (${env.developmentDefaultsInUse.join(", ")}); never do this in production.`,
      );
    }
  } catch (error) {
    if (!(error instanceof InvalidEnvironmentError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
}
