import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseSeedArgs } from "../cli/parse-seed-args";

const defaults = { defaultDataDir: "/repo/.data" };
const packageDir = fileURLToPath(new URL("../..", import.meta.url));

function runCli(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "src/cli/seed-warehouse.ts", ...args], {
    cwd: packageDir,
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("parseSeedArgs", () => {
  it("maps flags to options and a target", () => {
    expect(
      parseSeedArgs(
        [
          "--",
          "--tenants",
          "1000",
          "--accounts-per-tenant",
          "5",
          "--rows-per-account=200",
          "--seed",
          "7",
          "--database-url",
          "postgres://u@h/db",
          "--force",
        ],
        defaults,
      ),
    ).toEqual({
      kind: "seed",
      options: {
        tenants: 1000,
        accountsPerTenant: 5,
        rowsPerAccount: 200,
        seed: 7,
        anchorDate: undefined,
        schema: undefined,
        force: true,
      },
      target: { databaseUrl: "postgres://u@h/db" },
    });
  });

  it("defaults to the demo preset in the repository's data dir", () => {
    expect(parseSeedArgs([], defaults)).toMatchObject({
      kind: "seed",
      options: { force: false },
      target: { dataDir: "/repo/.data" },
    });
    expect(parseSeedArgs(["--data-dir", "/tmp/x"], defaults)).toMatchObject({
      target: { dataDir: "/tmp/x" },
    });
    expect(parseSeedArgs(["-h"], defaults)).toEqual({ kind: "help" });
  });

  it.each([
    [["--tenants"], /argument missing/],
    [["--tenants", "ten"], /--tenants must be a non-negative integer/],
    [["--tenants", "-1"], /--tenants/],
    [["--rows-per-account", "1e3"], /--rows-per-account must be a non-negative integer/],
    [["--accounts-per-tenant", "0"], /accountsPerTenant must be an integer between 1/],
    [["--tenant", "3"], /Unknown option '--tenant'/],
    [["extra"], /Unexpected argument 'extra'/],
    [["--database-url", "postgres://x", "--data-dir", "d"], /either --database-url or --data-dir/],
    [["--anchor-date", "soon"], /anchorDate must be a date/],
    [["--force=yes"], /--force/],
  ])("rejects %j", (args, message) => {
    expect(() => parseSeedArgs(args, defaults)).toThrow(message);
  });
});

describe("seed:warehouse CLI", () => {
  it("exits 2 with a clear message on a bad flag", () => {
    const run = runCli(["--tenants", "many"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--tenants must be a non-negative integer, got "many"');
    expect(run.stderr).toContain("Usage: seed:warehouse");
  });

  it("seeds a data dir, prints a summary, and recognises the seed on a second run", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "sample-data-cli-"));
    try {
      const args = ["--data-dir", dataDir, "--tenants", "2", "--accounts-per-tenant", "3"];
      const first = runCli([...args, "--rows-per-account", "20"]);
      expect(first.status).toBe(0);
      expect(first.stdout).toMatch(
        /^seeded accounts=11 orders=66 invoices=22 usage_events=132 total=231 rows in [\d.]+ s \([\d,]+ rows\/s\) into PGlite /,
      );
      const second = runCli([...args, "--rows-per-account", "20"]);
      expect(second.status).toBe(0);
      expect(second.stdout).toMatch(/^already seeded \(accounts=11 .* total=231\)/);
      const refused = runCli([...args, "--rows-per-account", "30"]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain("pass force to drop and rebuild it");
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
