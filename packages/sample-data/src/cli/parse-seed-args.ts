import { parseArgs } from "node:util";
import type { SampleWarehouseTarget } from "../generate-sample-warehouse";
import { planSampleWarehouse, type SampleWarehouseOptions } from "../plan-sample-warehouse";

export const SEED_USAGE = `Usage: seed:warehouse [options]

Seeds the deterministic sample warehouse (accounts, orders, invoices, usage_events).
Without options: the demo preset, tenants 999 (accounts 1-3) and 777 (accounts 4-5).

  --tenants N               generated tenants to add, ids 1000.. (default 0)
  --accounts-per-tenant M   accounts per generated tenant, ids 1000.. (default 10)
  --rows-per-account K      fact rows per account, split orders:invoices:usage_events
                            = 3:1:6 (default 300)
  --seed S                  PRNG seed (default 42)
  --anchor-date YYYY-MM-DD  the fixed "today" of the data (default 2026-01-01)
  --schema NAME             target schema (default public)
  --database-url URL        seed a PostgreSQL database
  --data-dir DIR            seed the embedded PGlite warehouse at DIR/warehouse
                            (default: the repository's .data)
  --force                   drop and rebuild if the target holds other data
  -h, --help                show this help`;

/** A command line that cannot be run; the CLI prints it with the usage and exits 2. */
export class SeedArgsError extends Error {
  override readonly name = "SeedArgsError";
}

export type SeedCommand =
  | { kind: "help" }
  | {
      kind: "seed";
      options: SampleWarehouseOptions & { force: boolean };
      target: SampleWarehouseTarget;
    };

function parseCount(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new SeedArgsError(`${flag} must be a non-negative integer, got "${value}"`);
  }
  return Number(value);
}

/**
 * Parses the seed CLI's arguments (without `node script`). Throws `SeedArgsError` for unknown
 * flags, missing or malformed values, out-of-range numbers and conflicting targets.
 * @example parseSeedArgs(["--tenants", "1000"], { defaultDataDir: ".data" })
 */
export function parseSeedArgs(
  argv: readonly string[],
  defaults: { defaultDataDir: string },
): SeedCommand {
  // `pnpm run script -- --flag` forwards the separator; it is not an argument.
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  let values: ReturnType<typeof parse>["values"];
  try {
    ({ values } = parse(args));
  } catch (error) {
    throw new SeedArgsError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { kind: "help" };
  if (values["database-url"] !== undefined && values["data-dir"] !== undefined) {
    throw new SeedArgsError("pass either --database-url or --data-dir, not both");
  }
  if (values["database-url"] === "") throw new SeedArgsError("--database-url is empty");
  if (values["data-dir"] === "") throw new SeedArgsError("--data-dir is empty");
  const options = {
    tenants: parseCount("--tenants", values.tenants),
    accountsPerTenant: parseCount("--accounts-per-tenant", values["accounts-per-tenant"]),
    rowsPerAccount: parseCount("--rows-per-account", values["rows-per-account"]),
    seed: parseCount("--seed", values.seed),
    anchorDate: values["anchor-date"],
    schema: values.schema,
    force: values.force ?? false,
  };
  try {
    planSampleWarehouse(options);
  } catch (error) {
    throw new SeedArgsError(error instanceof Error ? error.message : String(error));
  }
  const databaseUrl = values["database-url"];
  const target: SampleWarehouseTarget =
    databaseUrl !== undefined
      ? { databaseUrl }
      : { dataDir: values["data-dir"] ?? defaults.defaultDataDir };
  return { kind: "seed", options, target };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      tenants: { type: "string" },
      "accounts-per-tenant": { type: "string" },
      "rows-per-account": { type: "string" },
      seed: { type: "string" },
      "anchor-date": { type: "string" },
      schema: { type: "string" },
      "database-url": { type: "string" },
      "data-dir": { type: "string" },
      force: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
