import { beforeEach, describe, expect, it, vi } from "vitest";

// The app database, reduced to what the version and settings reads touch.
const database = vi.hoisted(() => ({
  version: "1",
  versionReads: 0,
  idpUrl: "https://first-idp.test/sso",
  settingsReads: 0,
}));
vi.mock("~/server/db/app-database", () => ({
  getAppDatabase: async () => ({
    prisma: {
      setting: {
        findMany: async () => {
          database.settingsReads++;
          return [{ key: "idp_url", value: database.idpUrl }];
        },
      },
    },
  }),
}));
vi.mock("@embed/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@embed/db")>()),
  readConfigVersion: async () => {
    database.versionReads++;
    return database.version;
  },
}));

const { currentConfigVersion, rememberConfigVersion, runWithConfigVersionScope } = await import(
  "~/server/cache/current-config-version"
);
const { getSettings } = await import("~/server/settings/settings");

/** An admin's change as the database sees it: the value, and the version its trigger raises. */
function changeIdpUrl(url: string) {
  database.idpUrl = url;
  database.version = String(Number(database.version) + 1);
}

describe("currentConfigVersion", () => {
  beforeEach(() => {
    database.versionReads = 0;
  });

  it("reads the version once per request scope", async () => {
    await runWithConfigVersionScope(async () => {
      await Promise.all([currentConfigVersion(), currentConfigVersion()]);
      expect(await currentConfigVersion()).toBe(database.version);
    });
    expect(database.versionReads).toBe(1);
  });

  it("takes the version the session row brought, without a query", async () => {
    await runWithConfigVersionScope(async () => {
      rememberConfigVersion("41");
      expect(await currentConfigVersion()).toBe("41");
    });
    expect(database.versionReads).toBe(0);
  });

  it("reads it on every call outside a request scope", async () => {
    await currentConfigVersion();
    await currentConfigVersion();
    expect(database.versionReads).toBe(2);
  });
});

describe("getSettings", () => {
  it("reloads on the first request after a change, with no wait, and not before", async () => {
    const request = () => runWithConfigVersionScope(() => getSettings());
    expect((await request()).idpUrl).toBe("https://first-idp.test/sso");
    const reads = database.settingsReads;
    expect((await request()).idpUrl).toBe("https://first-idp.test/sso");
    expect(database.settingsReads).toBe(reads);

    changeIdpUrl("https://second-idp.test/sso");
    expect((await request()).idpUrl).toBe("https://second-idp.test/sso");
    expect(database.settingsReads).toBe(reads + 1);
  });
});
