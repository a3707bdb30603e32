import { SampleDataError } from "./sample-data-error";

/** The four warehouse tables, in load order. */
export const SAMPLE_TABLES = ["accounts", "orders", "invoices", "usage_events"] as const;
export type SampleTable = (typeof SAMPLE_TABLES)[number];

/**
 * Bumped whenever the generator would write different rows for the same options, so a target
 * seeded by an older version counts as "a different generation" rather than "already seeded".
 */
export const GENERATOR_VERSION = 1;

/** Fixed "today" of the generated data: dates spread over the two years before it. */
export const DEFAULT_ANCHOR_DATE = "2026-01-01";

/**
 * Fact rows per account are split orders : invoices : usage_events = 3 : 1 : 6.
 * orders = floor(3K/10), invoices = floor(K/10), usage_events = the rest, so the sum is exactly K.
 */
export const FACT_RATIO = { orders: 3, invoices: 1, usage_events: 6 } as const;

export interface SampleWarehouseOptions {
  /** Generated tenants added to the brief's two (999 and 777); ids 1000, 1001, … Default 0. */
  tenants?: number;
  /** Accounts per generated tenant; account ids 1000, 1001, … Default 10. */
  accountsPerTenant?: number;
  /** Fact rows per account (all accounts, the brief's five included), split 3 : 1 : 6. Default 300. */
  rowsPerAccount?: number;
  /** PRNG seed. Default 42. */
  seed?: number;
  /** `YYYY-MM-DD`, the fixed "today" of the data. Default {@link DEFAULT_ANCHOR_DATE}. */
  anchorDate?: string;
  /** Schema that receives the tables. Default `public`. */
  schema?: string;
  /** Drop and rebuild when the target holds another generation or foreign tables of the same names. */
  force?: boolean;
}

export interface ResolvedSampleWarehouseOptions {
  tenants: number;
  accountsPerTenant: number;
  rowsPerAccount: number;
  seed: number;
  anchorDate: string;
  schema: string;
}

export interface SampleWarehousePlan {
  options: ResolvedSampleWarehouseOptions;
  /** Number of accounts: the brief's 5 plus tenants × accountsPerTenant. */
  accounts: number;
  /** Fact rows each account gets, per table. */
  perAccount: { orders: number; invoices: number; usage_events: number };
  /** Rows per table. */
  rows: Record<SampleTable, number>;
  /** orders + invoices + usage_events. */
  factRows: number;
  /** All rows written, accounts included. */
  totalRows: number;
}

export const BRIEF_ACCOUNT_COUNT = 5;
export const FIRST_GENERATED_TENANT_ID = 1000;
export const FIRST_GENERATED_ACCOUNT_ID = 1000;
const INT4_MAX = 2_147_483_647;

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new SampleDataError(
      "invalid_sample_data_options",
      `${name} must be an integer between ${min} and ${max}, got ${String(value)}`,
    );
  }
}

/** Fills in defaults and validates; throws `SampleDataError("invalid_sample_data_options")`. */
export function resolveSampleWarehouseOptions(
  options: SampleWarehouseOptions = {},
): ResolvedSampleWarehouseOptions {
  const resolved: ResolvedSampleWarehouseOptions = {
    tenants: options.tenants ?? 0,
    accountsPerTenant: options.accountsPerTenant ?? 10,
    rowsPerAccount: options.rowsPerAccount ?? 300,
    seed: options.seed ?? 42,
    anchorDate: options.anchorDate ?? DEFAULT_ANCHOR_DATE,
    schema: options.schema ?? "public",
  };
  checkInteger("tenants", resolved.tenants, 0, INT4_MAX - FIRST_GENERATED_TENANT_ID);
  checkInteger("accountsPerTenant", resolved.accountsPerTenant, 1, INT4_MAX);
  checkInteger("rowsPerAccount", resolved.rowsPerAccount, 0, 10_000_000);
  checkInteger("seed", resolved.seed, 0, Number.MAX_SAFE_INTEGER);
  // Account ids are int4: the last generated one must fit.
  checkInteger(
    "tenants × accountsPerTenant",
    resolved.tenants * resolved.accountsPerTenant,
    0,
    INT4_MAX - FIRST_GENERATED_ACCOUNT_ID,
  );
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(resolved.anchorDate) ||
    Number.isNaN(Date.parse(`${resolved.anchorDate}T00:00:00Z`))
  ) {
    throw new SampleDataError(
      "invalid_sample_data_options",
      `anchorDate must be a date as YYYY-MM-DD, got ${resolved.anchorDate}`,
    );
  }
  // The schema name is spliced into DDL (identifiers cannot be bound), so only plain names pass.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(resolved.schema)) {
    throw new SampleDataError(
      "invalid_sample_data_options",
      `schema must be a lower-case SQL identifier, got ${resolved.schema}`,
    );
  }
  return resolved;
}

/**
 * Exact row counts for the given options, without touching a database.
 * @example planSampleWarehouse({ tenants: 1000, accountsPerTenant: 5, rowsPerAccount: 50 }).totalRows
 */
export function planSampleWarehouse(options: SampleWarehouseOptions = {}): SampleWarehousePlan {
  const resolved = resolveSampleWarehouseOptions(options);
  const accounts = BRIEF_ACCOUNT_COUNT + resolved.tenants * resolved.accountsPerTenant;
  const k = resolved.rowsPerAccount;
  const parts = FACT_RATIO.orders + FACT_RATIO.invoices + FACT_RATIO.usage_events;
  const orders = Math.floor((k * FACT_RATIO.orders) / parts);
  const invoices = Math.floor((k * FACT_RATIO.invoices) / parts);
  const perAccount = { orders, invoices, usage_events: k - orders - invoices };
  const rows = {
    accounts,
    orders: accounts * perAccount.orders,
    invoices: accounts * perAccount.invoices,
    usage_events: accounts * perAccount.usage_events,
  };
  const factRows = accounts * k;
  return {
    options: resolved,
    accounts,
    perAccount,
    rows,
    factRows,
    totalRows: factRows + accounts,
  };
}
