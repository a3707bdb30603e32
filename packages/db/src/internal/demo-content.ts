// The demo collection, its dashboard and cards. Queries use the structured-query grammar of
// API.md (`@embed/query` owns the exact grammar). `entityId`s are fixed so seeding is idempotent.

export const DEMO_COLLECTION = {
  entityId: "demo-collection-customer-analytics",
  name: "Customer analytics",
  description: "What each tenant and customer sees about their own accounts.",
} as const;

export const DEMO_DASHBOARD = {
  entityId: "demo-dashboard-account-overview",
  name: "Account overview",
  description: "Orders, revenue and invoices of the accounts you may see.",
  // `embedding` says how a guest embed treats each parameter: the account is locked (set only by
  // the host's signed token), status and dates stay editable by the viewer.
  parameters: [
    {
      id: "status",
      slug: "status",
      name: "Order status",
      type: "category",
      default: null,
      embedding: "enabled",
    },
    {
      id: "date_range",
      slug: "date_range",
      name: "Date range",
      type: "date/range",
      default: null,
      embedding: "enabled",
    },
    {
      id: "account_id",
      slug: "account_id",
      name: "Account",
      type: "category",
      default: null,
      embedding: "locked",
    },
  ],
} as const;

const statusOf = (column: string) => ({ parameterId: "status", target: { column } });
const dateRangeOf = (column: string) => ({ parameterId: "date_range", target: { column } });
const accountOf = { parameterId: "account_id", target: { column: "account_id" } };

export interface DemoCard {
  entityId: string;
  name: string;
  description: string;
  display: string;
  /** The synced table the query reads (must be one of the demo tables). */
  source: string;
  query: Record<string, unknown>;
  visualizationSettings: Record<string, unknown>;
  layout: { x: number; y: number; w: number; h: number };
  parameterMappings: Record<string, unknown>[];
}

export const DEMO_CARDS: DemoCard[] = [
  {
    entityId: "demo-card-order-count",
    name: "Orders",
    description: "Number of orders.",
    display: "scalar",
    source: "orders",
    query: { source: "orders", aggregations: [["count"]] },
    visualizationSettings: {},
    layout: { x: 0, y: 0, w: 6, h: 4 },
    parameterMappings: [statusOf("status"), dateRangeOf("ordered_at"), accountOf],
  },
  {
    entityId: "demo-card-revenue",
    name: "Revenue",
    description: "Sum of order amounts.",
    display: "scalar",
    source: "orders",
    query: { source: "orders", aggregations: [["sum", "amount"]] },
    visualizationSettings: { format: { style: "currency", currency: "USD" } },
    layout: { x: 0, y: 4, w: 6, h: 4 },
    parameterMappings: [statusOf("status"), dateRangeOf("ordered_at"), accountOf],
  },
  {
    entityId: "demo-card-orders-per-month",
    name: "Orders per month",
    description: "Orders placed each month.",
    display: "line",
    source: "orders",
    query: { source: "orders", aggregations: [["count"]], breakouts: [["month", "ordered_at"]] },
    visualizationSettings: {},
    layout: { x: 6, y: 0, w: 18, h: 8 },
    parameterMappings: [statusOf("status"), dateRangeOf("ordered_at"), accountOf],
  },
  {
    entityId: "demo-card-accounts-by-plan",
    name: "Accounts by plan",
    description: "Basic and Premium accounts.",
    display: "bar",
    source: "accounts",
    query: { source: "accounts", aggregations: [["count"]], breakouts: ["plan"] },
    visualizationSettings: {},
    layout: { x: 0, y: 8, w: 12, h: 8 },
    parameterMappings: [accountOf],
  },
  {
    entityId: "demo-card-invoices-by-status",
    name: "Invoices by status",
    description: "Paid, open and overdue invoices.",
    display: "pie",
    source: "invoices",
    query: { source: "invoices", aggregations: [["count"]], breakouts: ["status"] },
    visualizationSettings: {},
    layout: { x: 12, y: 8, w: 12, h: 8 },
    parameterMappings: [dateRangeOf("issued_at"), accountOf],
  },
  {
    entityId: "demo-card-accounts",
    name: "Accounts",
    description: "Every account you may see.",
    display: "table",
    source: "accounts",
    query: { source: "accounts", orderBy: [["asc", "account_id"]], limit: 100 },
    visualizationSettings: {},
    layout: { x: 0, y: 16, w: 24, h: 8 },
    parameterMappings: [accountOf],
  },
];
