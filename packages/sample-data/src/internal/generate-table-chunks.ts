import type { SampleTable, SampleWarehousePlan } from "../plan-sample-warehouse";
import {
  type AccountProfile,
  accountAt,
  anchorMsOf,
  DAY_MS,
  STREAM,
  WINDOW_DAYS,
} from "./accounts";
import {
  createRandom,
  cumulativeWeights,
  logNormal,
  pickIndex,
  type Random,
  uniform,
} from "./random";

/** A run of rows in PostgreSQL's COPY text format (tab-separated, one row per line). */
export interface RowChunk {
  text: string;
  rows: number;
}

/** Columns and their types, in COPY order. Names and types are agreed with the app-DB team. */
export const TABLE_COLUMNS: Record<
  SampleTable,
  ReadonlyArray<readonly [name: string, type: string]>
> = {
  accounts: [
    ["account_id", "integer"],
    ["tenant_id", "integer"],
    ["name", "text"],
    ["plan", "text"],
    ["status", "text"],
    ["created_at", "timestamptz"],
  ],
  orders: [
    ["order_id", "bigint"],
    ["tenant_id", "integer"],
    ["account_id", "integer"],
    ["ordered_at", "timestamptz"],
    ["status", "text"],
    ["amount", "numeric(12, 2)"],
    ["items", "integer"],
  ],
  invoices: [
    ["invoice_id", "bigint"],
    ["tenant_id", "integer"],
    ["account_id", "integer"],
    ["issued_at", "date"],
    ["due_at", "date"],
    ["paid_at", "date"],
    ["amount", "numeric(12, 2)"],
    ["status", "text"],
  ],
  usage_events: [
    ["event_id", "bigint"],
    ["tenant_id", "integer"],
    ["account_id", "integer"],
    ["occurred_at", "timestamptz"],
    ["event_type", "text"],
    ["quantity", "integer"],
  ],
};

const HOUR_MS = 3_600_000;

/** How busy each day of the window is, per kind of activity; every weight is in (0, 1]. */
interface Calendar {
  anchorMs: number;
  windowStartMs: number;
  windowStartDay: number;
  orderDays: Float64Array;
  usageDays: Float64Array;
}

// Jan … Dec. Orders peak in the holiday season; usage dips in summer and at year end.
const ORDER_MONTHS = [0.7, 0.66, 0.74, 0.77, 0.8, 0.75, 0.72, 0.76, 0.82, 0.86, 0.96, 1];
const USAGE_MONTHS = [0.92, 0.95, 1, 0.97, 0.95, 0.84, 0.78, 0.8, 0.96, 0.98, 0.94, 0.76];
// Hours in UTC: a working day with an evening tail for shopping.
const ORDER_HOURS = cumulativeWeights([
  1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 4, 4.5, 5, 5.5, 5, 4.5, 4.5, 5, 5.5, 6, 6, 5, 4, 3, 2,
]);
const USAGE_HOURS = cumulativeWeights([
  0.3, 0.2, 0.2, 0.2, 0.3, 0.6, 1.5, 3, 6, 8, 9, 8.5, 7, 8, 9, 8.5, 7, 5, 3, 2, 1.2, 0.8, 0.5, 0.4,
]);

function createCalendar(anchorMs: number): Calendar {
  const windowStartMs = anchorMs - WINDOW_DAYS * DAY_MS;
  const windowStartDay = Math.floor(windowStartMs / DAY_MS);
  const orderDays = new Float64Array(WINDOW_DAYS + 1);
  const usageDays = new Float64Array(WINDOW_DAYS + 1);
  for (let d = 0; d <= WINDOW_DAYS; d++) {
    const date = new Date((windowStartDay + d) * DAY_MS);
    const month = date.getUTCMonth();
    const weekday = date.getUTCDay();
    const isWeekend = weekday === 0 || weekday === 6;
    const progress = d / WINDOW_DAYS;
    // The business grows over the window, so later days carry more activity.
    orderDays[d] = (0.5 + 0.5 * progress) * (ORDER_MONTHS[month] ?? 1) * (isWeekend ? 0.8 : 1);
    usageDays[d] = (0.45 + 0.55 * progress) * (USAGE_MONTHS[month] ?? 1) * (isWeekend ? 0.3 : 1);
  }
  return { anchorMs, windowStartMs, windowStartDay, orderDays, usageDays };
}

/**
 * A moment in [startMs, endMs): the day by rejection sampling against the calendar's weights, the
 * hour from an hour-of-day profile, rounded to whole seconds.
 */
function sampleInstant(
  rng: Random,
  calendar: Calendar,
  days: Float64Array,
  hours: readonly number[],
  startMs: number,
  endMs: number,
): number {
  const span = endMs - startMs;
  let t = startMs + uniform(rng) * span;
  for (let attempt = 0; attempt < 64; attempt++) {
    const weight = days[Math.floor(t / DAY_MS) - calendar.windowStartDay] ?? 1;
    if (uniform(rng) < weight) break;
    t = startMs + uniform(rng) * span;
  }
  const dayMs = Math.floor(t / DAY_MS) * DAY_MS;
  const withinDay = pickIndex(rng, hours) * HOUR_MS + Math.floor(uniform(rng) * HOUR_MS);
  const instant = Math.floor((dayMs + withinDay) / 1000) * 1000;
  // The hour profile may move the moment outside a short activity span; keep it inside.
  return Math.min(Math.max(instant, Math.ceil(startMs / 1000) * 1000), endMs - 1000);
}

function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}

function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function formatCents(cents: number): string {
  const rest = cents % 100;
  return `${Math.trunc(cents / 100)}.${rest < 10 ? "0" : ""}${rest}`;
}

const MAX_CENTS = 9_999_999_999; // 99,999,999.99 stays well inside numeric(12,2)

function toCents(amount: number, minCents: number): number {
  return Math.min(MAX_CENTS, Math.max(minCents, Math.round(amount * 100)));
}

function sortedInstants(
  rng: Random,
  calendar: Calendar,
  days: Float64Array,
  hours: readonly number[],
  account: AccountProfile,
  count: number,
): Float64Array {
  const instants = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    instants[i] = sampleInstant(rng, calendar, days, hours, account.createdMs, account.endMs);
  }
  // Ids then grow with time within an account, as they would in a real system.
  return instants.sort();
}

type RowWriter = (account: AccountProfile) => Iterable<string>;

function orderWriter(plan: SampleWarehousePlan, calendar: Calendar): RowWriter {
  const perAccount = plan.perAccount.orders;
  const { seed } = plan.options;
  return function* (account) {
    const rng = createRandom(seed, account.accountId, STREAM.orders);
    const instants = sortedInstants(
      rng,
      calendar,
      calendar.orderDays,
      ORDER_HOURS,
      account,
      perAccount,
    );
    const median = (account.plan === "Premium" ? 180 : 60) * account.size;
    const firstId = account.ordinal * perAccount + 1;
    for (let i = 0; i < perAccount; i++) {
      const orderedMs = instants[i] ?? account.createdMs;
      const ageDays = (calendar.anchorMs - orderedMs) / DAY_MS;
      const returned = uniform(rng) < (account.plan === "Premium" ? 0.03 : 0.06);
      const status =
        ageDays < 2 ? "placed" : ageDays < 6 ? "shipped" : returned ? "returned" : "delivered";
      const cents = toCents(logNormal(rng, median, 0.8), 100);
      const unitPrice = logNormal(rng, 35, 0.45);
      const items = Math.min(500, Math.max(1, Math.round(cents / 100 / unitPrice)));
      yield `${firstId + i}\t${account.tenantId}\t${account.accountId}\t${formatTimestamp(orderedMs)}\t${status}\t${formatCents(cents)}\t${items}\n`;
    }
  };
}

function invoiceWriter(plan: SampleWarehousePlan, calendar: Calendar): RowWriter {
  const perAccount = plan.perAccount.invoices;
  const { seed } = plan.options;
  return function* (account) {
    const rng = createRandom(seed, account.accountId, STREAM.invoices);
    const base = (account.plan === "Premium" ? 499 : 99) * account.size;
    const termsDays = account.plan === "Premium" ? 45 : 30;
    const badDebt = account.status === "Inactive" ? 0.2 : 0.04;
    const span = account.endMs - account.createdMs;
    const firstId = account.ordinal * perAccount + 1;
    for (let i = 0; i < perAccount; i++) {
      // A regular billing cadence over the account's life, with a few days of jitter.
      const position = (i + 0.5 + (uniform(rng) - 0.5) * 0.3) / perAccount;
      const issuedMs = Math.floor((account.createdMs + position * span) / DAY_MS) * DAY_MS;
      const dueMs = issuedMs + termsDays * DAY_MS;
      const progress = (issuedMs - calendar.windowStartMs) / (WINDOW_DAYS * DAY_MS);
      const cents = toCents(base * (1 + 0.4 * progress) * logNormal(rng, 1, 0.15), 1000);
      const neverPaid = uniform(rng) < badDebt;
      const payDays = Math.min(120, Math.round(logNormal(rng, 16, 0.6)));
      const paidMs = issuedMs + payDays * DAY_MS;
      const isPaid = !neverPaid && paidMs < calendar.anchorMs;
      const status = isPaid ? "paid" : dueMs >= calendar.anchorMs ? "open" : "overdue";
      yield `${firstId + i}\t${account.tenantId}\t${account.accountId}\t${formatDate(issuedMs)}\t${formatDate(dueMs)}\t${isPaid ? formatDate(paidMs) : "\\N"}\t${formatCents(cents)}\t${status}\n`;
    }
  };
}

const EVENT_TYPES = ["login", "dashboard_view", "query_run", "api_call", "export"] as const;
const EVENT_WEIGHTS = cumulativeWeights([0.34, 0.28, 0.18, 0.15, 0.05]);

function usageWriter(plan: SampleWarehousePlan, calendar: Calendar): RowWriter {
  const perAccount = plan.perAccount.usage_events;
  const { seed } = plan.options;
  return function* (account) {
    const rng = createRandom(seed, account.accountId, STREAM.usage_events);
    const instants = sortedInstants(
      rng,
      calendar,
      calendar.usageDays,
      USAGE_HOURS,
      account,
      perAccount,
    );
    const apiMedian = (account.plan === "Premium" ? 300 : 80) * account.size;
    const firstId = account.ordinal * perAccount + 1;
    for (let i = 0; i < perAccount; i++) {
      const type = pickIndex(rng, EVENT_WEIGHTS);
      let quantity = 1;
      if (type === 1) quantity = 1 + Math.floor(-Math.log(1 - uniform(rng)) * 2);
      else if (type === 2) quantity = Math.max(1, Math.round(logNormal(rng, 4, 0.8)));
      else if (type === 3)
        quantity = Math.min(1_000_000, Math.max(1, Math.round(logNormal(rng, apiMedian, 1))));
      else if (type === 4) quantity = 1 + Math.floor(uniform(rng) * 3);
      yield `${firstId + i}\t${account.tenantId}\t${account.accountId}\t${formatTimestamp(instants[i] ?? account.createdMs)}\t${EVENT_TYPES[type]}\t${quantity}\n`;
    }
  };
}

function accountWriter(): RowWriter {
  return function* (account) {
    yield `${account.accountId}\t${account.tenantId}\t${account.name}\t${account.plan}\t${account.status}\t${formatTimestamp(account.createdMs)}\n`;
  };
}

/**
 * Streams one table's rows as COPY text, `rowsPerChunk` rows (or the rest) at a time. Only one
 * account's rows and one chunk are held at once, so memory does not grow with the table.
 */
export function* generateTableChunks(
  plan: SampleWarehousePlan,
  table: SampleTable,
  rowsPerChunk: number,
): Generator<RowChunk> {
  const calendar = createCalendar(anchorMsOf(plan.options));
  const writer =
    table === "accounts"
      ? accountWriter()
      : table === "orders"
        ? orderWriter(plan, calendar)
        : table === "invoices"
          ? invoiceWriter(plan, calendar)
          : usageWriter(plan, calendar);
  let text = "";
  let rows = 0;
  for (let ordinal = 0; ordinal < plan.accounts; ordinal++) {
    for (const line of writer(accountAt(plan.options, ordinal))) {
      text += line;
      rows++;
      if (rows >= rowsPerChunk) {
        yield { text, rows };
        text = "";
        rows = 0;
      }
    }
  }
  if (rows > 0) yield { text, rows };
}
