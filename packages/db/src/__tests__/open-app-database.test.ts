import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { migrateAppDatabase, openAppDatabase } from "../index.js";
import { acquirePglite } from "../internal/pglite-registry.js";
import { makeTempDir } from "./support/targets.js";

describe("openAppDatabase", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function tempDataDir(): Promise<string> {
    const dir = await makeTempDir("embed-db-open-");
    cleanups.push(dir.dispose);
    return dir.path;
  }

  it("keeps the embedded database in <dataDir>/app and shares it between opens", async () => {
    const dataDir = await tempDataDir();
    const first = await openAppDatabase({ dataDir });
    const second = await openAppDatabase({ dataDir });
    expect(first.kind).toBe("pglite");

    const lease = await acquirePglite(join(dataDir, "app"));
    const again = await acquirePglite(join(dataDir, ".", "app"));
    expect(again.pool).toBe(lease.pool);
    await again.release();
    await lease.release();

    await migrateAppDatabase(first);
    await first.prisma.user.create({ data: { email: "ada@example.com" } });
    await first.close();
    // Closing one handle leaves the shared instance open for the other.
    expect(await second.prisma.user.count()).toBe(1);
    await second.close();
    await second.close();

    // Once all are closed the folder can be opened afresh, with the data on disk.
    const reopened = await openAppDatabase({ dataDir });
    cleanups.push(() => reopened.close());
    expect(await migrateAppDatabase(reopened)).toEqual({ applied: [] });
    expect(await reopened.prisma.user.findMany({ select: { email: true } })).toEqual([
      { email: "ada@example.com" },
    ]);
  });

  it("refuses a URL that is not PostgreSQL, without echoing it", async () => {
    const attempt = openAppDatabase({
      databaseUrl: "mysql://app:hunter2@db.internal/app",
      dataDir: ".",
    });

    await expect(attempt).rejects.toThrow(/unsupported scheme "mysql:".*postgres:\/\//);
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });

  it("refuses a malformed URL and a bad connection_limit", async () => {
    await expect(openAppDatabase({ databaseUrl: "not a url", dataDir: "." })).rejects.toThrow(
      /not a valid URL/,
    );
    await expect(
      openAppDatabase({ databaseUrl: "postgres://h/db?connection_limit=0", dataDir: "." }),
    ).rejects.toThrow(/connection_limit/);
  });

  it("opens a postgres:// URL through the pg driver without connecting yet", async () => {
    const db = await openAppDatabase({
      databaseUrl: "postgresql://nobody@127.0.0.1:1/none?connection_limit=2",
      dataDir: ".",
    });
    cleanups.push(() => db.close());

    expect(db.kind).toBe("postgres");
    await expect(db.prisma.user.count()).rejects.toThrow();
  });
});
