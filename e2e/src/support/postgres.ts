import pg from "pg";

/**
 * Whether a PostgreSQL server answers at `adminUrl`, for suites that need one. Absent, the suite
 * is skipped with a warning naming what is skipped (a newcomer's `npm test`); with
 * EMBED_TEST_REQUIRE_POSTGRES set (CI) it fails instead, so a missing server is never a green run.
 */
export async function postgresAnswers(
  adminUrl: string,
  { suite, skipped }: { suite: string; skipped: string },
): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return true;
  } catch (error) {
    if (process.env.EMBED_TEST_REQUIRE_POSTGRES) throw error;
    console.warn(
      `[${suite}] no PostgreSQL server answered at ${new URL(adminUrl).host}: ${skipped} (set EMBED_TEST_REQUIRE_POSTGRES=1 to fail instead)`,
    );
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
