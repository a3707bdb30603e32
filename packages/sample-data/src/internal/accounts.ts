import {
  BRIEF_ACCOUNT_COUNT,
  FIRST_GENERATED_ACCOUNT_ID,
  FIRST_GENERATED_TENANT_ID,
  type ResolvedSampleWarehouseOptions,
} from "../plan-sample-warehouse";
import { createRandom, logNormal, uniform, uniformIntBetween } from "./random";

export const DAY_MS = 86_400_000;
/** The data covers the two years (730 days) before the anchor date. */
export const WINDOW_DAYS = 730;

export type Plan = "Basic" | "Premium";
export type AccountStatus = "Active" | "Inactive";

export interface AccountProfile {
  /** Position in load order; fact ids are derived from it. */
  ordinal: number;
  accountId: number;
  tenantId: number;
  name: string;
  plan: Plan;
  status: AccountStatus;
  createdMs: number;
  /** Activity stops here: the anchor for active accounts, the churn moment for inactive ones. */
  endMs: number;
  /** Per-account scale (median 1): big customers buy and use more. */
  size: number;
}

/** PRNG stream numbers: one per purpose, so each table can be generated on its own. */
export const STREAM = { account: 0, orders: 1, invoices: 2, usage_events: 3 } as const;

interface BriefAccount {
  accountId: number;
  tenantId: number;
  name: string;
  plan: Plan;
  status: AccountStatus;
  /** Days after the window start. */
  createdDay: number;
  /** Days before the anchor when an inactive account churned. */
  churnedDaysAgo: number;
  size: number;
}

/**
 * The design brief's identities, fixed whatever the options: SSO examples, row-policy tests and
 * the e2e suite log in as tenant 999 (accounts 1–3) and tenant 777 (accounts 4–5).
 */
const BRIEF_ACCOUNTS: readonly BriefAccount[] = [
  {
    accountId: 1,
    tenantId: 999,
    name: "Acme Retail",
    plan: "Premium",
    status: "Active",
    createdDay: 3,
    churnedDaysAgo: 0,
    size: 1.6,
  },
  {
    accountId: 2,
    tenantId: 999,
    name: "Acme Wholesale",
    plan: "Basic",
    status: "Active",
    createdDay: 41,
    churnedDaysAgo: 0,
    size: 1.1,
  },
  {
    accountId: 3,
    tenantId: 999,
    name: "Acme Outlet",
    plan: "Basic",
    status: "Inactive",
    createdDay: 12,
    churnedDaysAgo: 190,
    size: 0.7,
  },
  {
    accountId: 4,
    tenantId: 777,
    name: "Globex Labs",
    plan: "Premium",
    status: "Active",
    createdDay: 8,
    churnedDaysAgo: 0,
    size: 1.3,
  },
  {
    accountId: 5,
    tenantId: 777,
    name: "Globex Field Services",
    plan: "Basic",
    status: "Inactive",
    createdDay: 60,
    churnedDaysAgo: 120,
    size: 0.9,
  },
];

const NAME_FIRST = [
  "Blue",
  "Northern",
  "Silver",
  "Bright",
  "Cedar",
  "Granite",
  "Harbor",
  "Summit",
  "Maple",
  "Golden",
  "Iron",
  "Coastal",
  "Prairie",
  "Swift",
  "Red",
  "Evergreen",
];
const NAME_SECOND = [
  "Bakery",
  "Logistics",
  "Dental",
  "Studio",
  "Outfitters",
  "Foods",
  "Analytics",
  "Clinic",
  "Motors",
  "Supply",
  "Media",
  "Robotics",
  "Farms",
  "Travel",
  "Fitness",
  "Books",
];
const NAME_SUFFIX = ["Co", "Inc", "Ltd", "Group", "LLC", "& Sons", "Partners", "GmbH"];

export function anchorMsOf(options: ResolvedSampleWarehouseOptions): number {
  return Date.parse(`${options.anchorDate}T00:00:00Z`);
}

/** The account at a load position: the brief's five first, then tenant by tenant. */
export function accountAt(
  options: ResolvedSampleWarehouseOptions,
  ordinal: number,
): AccountProfile {
  const anchorMs = anchorMsOf(options);
  const windowStartMs = anchorMs - WINDOW_DAYS * DAY_MS;
  const brief = BRIEF_ACCOUNTS[ordinal];
  if (brief) {
    const createdMs = windowStartMs + brief.createdDay * DAY_MS + 9 * 3_600_000;
    const endMs = brief.status === "Active" ? anchorMs : anchorMs - brief.churnedDaysAgo * DAY_MS;
    return { ordinal, ...brief, createdMs, endMs };
  }
  const generated = ordinal - BRIEF_ACCOUNT_COUNT;
  const accountId = FIRST_GENERATED_ACCOUNT_ID + generated;
  const tenantId = FIRST_GENERATED_TENANT_ID + Math.floor(generated / options.accountsPerTenant);
  const rng = createRandom(options.seed, accountId, STREAM.account);
  const plan: Plan = uniform(rng) < 0.3 ? "Premium" : "Basic";
  const status: AccountStatus = uniform(rng) < 0.15 ? "Inactive" : "Active";
  // Most customers signed up early in the window (squaring skews towards day 0), some keep
  // coming until ~3 months before the anchor: a base that grows without the late sign-ups'
  // compressed histories dominating the charts.
  const createdMs =
    windowStartMs +
    Math.floor(uniform(rng) ** 2 * (WINDOW_DAYS - 90)) * DAY_MS +
    uniformIntBetween(rng, 7 * 3600, 19 * 3600) * 1000;
  const endMs =
    status === "Active"
      ? anchorMs
      : Math.round(createdMs + (anchorMs - createdMs) * (0.35 + 0.5 * uniform(rng)));
  const size = logNormal(rng, 1, 0.5);
  const name = `${NAME_FIRST[uniformIntBetween(rng, 0, NAME_FIRST.length - 1)]} ${
    NAME_SECOND[uniformIntBetween(rng, 0, NAME_SECOND.length - 1)]
  } ${NAME_SUFFIX[uniformIntBetween(rng, 0, NAME_SUFFIX.length - 1)]}`;
  return { ordinal, accountId, tenantId, name, plan, status, createdMs, endMs, size };
}
