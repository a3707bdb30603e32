// Shapes copied from the real server's answers (see e2e/src/isolation.test.ts and the demo seed).

export const DASHBOARD = {
  id: 1,
  name: "Account overview",
  description: "Orders, revenue and invoices of the accounts you may see.",
  parameters: [
    { id: "status", slug: "status", name: "Order status", type: "category", default: null },
    { id: "date_range", slug: "date_range", name: "Date range", type: "date/range", default: null },
    { id: "account_id", slug: "account_id", name: "Account", type: "category", default: null },
  ],
  cards: [
    {
      id: 11,
      cardId: 1,
      title: "Orders",
      description: "Number of orders.",
      display: "scalar",
      visualizationSettings: {},
      layout: { x: 0, y: 0, w: 6, h: 4 },
      parameterMappings: [
        { parameterId: "status", target: { column: "status" } },
        { parameterId: "date_range", target: { column: "ordered_at" } },
      ],
    },
    {
      id: 12,
      cardId: 2,
      title: "Revenue",
      description: "Sum of order amounts.",
      display: "scalar",
      visualizationSettings: { format: { style: "currency", currency: "USD" } },
      layout: { x: 0, y: 4, w: 6, h: 4 },
      parameterMappings: [{ parameterId: "status", target: { column: "status" } }],
    },
    {
      id: 13,
      cardId: 3,
      title: "Accounts by plan",
      description: null,
      display: "bar",
      visualizationSettings: {},
      layout: { x: 6, y: 0, w: 18, h: 8 },
      parameterMappings: [],
    },
    {
      id: 14,
      cardId: 4,
      title: "Accounts",
      description: null,
      display: "table",
      visualizationSettings: {},
      layout: { x: 0, y: 8, w: 24, h: 8 },
      parameterMappings: [],
    },
  ],
};

export const COUNT_RESULT = {
  columns: [{ name: "count", displayName: "Count", type: "number" }],
  rows: [[1234]],
  rowCount: 1,
  truncated: false,
};

export const REVENUE_RESULT = {
  columns: [{ name: "sum(amount)", displayName: "Sum of Amount", type: "number" }],
  rows: [[98765.5]],
  rowCount: 1,
  truncated: false,
};

export const PLAN_RESULT = {
  columns: [
    { name: "plan", displayName: "Plan", type: "category" },
    { name: "count", displayName: "Count", type: "number" },
  ],
  rows: [
    ["Basic", 7],
    ["Premium", 3],
  ],
  rowCount: 2,
  truncated: false,
};

export const ACCOUNTS_RESULT = {
  columns: [
    { name: "account_id", displayName: "Account ID", type: "id" },
    { name: "name", displayName: "Name", type: "text" },
    { name: "plan", displayName: "Plan", type: "category" },
  ],
  rows: [
    [1, "Acme", "Premium"],
    [2, "Globex", "Basic"],
  ],
  rowCount: 2,
  truncated: false,
};

export const RESULTS_BY_DASHCARD: Record<number, unknown> = {
  11: COUNT_RESULT,
  12: REVENUE_RESULT,
  13: PLAN_RESULT,
  14: ACCOUNTS_RESULT,
};
