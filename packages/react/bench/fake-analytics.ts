// Canned answers for a six-card dashboard, shaped like the real server's (see the demo seed).

const months = Array.from({ length: 36 }, (_, i) => {
  const date = new Date(Date.UTC(2023, i, 1));
  return date.toISOString();
});

export const BENCH_DASHBOARD = {
  id: 1,
  name: "Account overview",
  description: "Six cards: two numbers, a line, a stacked bar, a pie and a table.",
  parameters: [
    { id: "status", slug: "status", name: "Order status", type: "category", default: null },
    { id: "date_range", slug: "date_range", name: "Date range", type: "date/range", default: null },
  ],
  cards: [
    card(1, "Orders", "scalar", { x: 0, y: 0, w: 6, h: 4 }),
    card(
      2,
      "Revenue",
      "scalar",
      { x: 0, y: 4, w: 6, h: 4 },
      { format: { style: "currency", currency: "USD" } },
    ),
    card(3, "Orders per month", "line", { x: 6, y: 0, w: 18, h: 8 }),
    card(4, "Orders by status per quarter", "bar", { x: 0, y: 8, w: 12, h: 8 }, { stacked: true }),
    card(5, "Invoices by status", "pie", { x: 12, y: 8, w: 12, h: 8 }),
    card(6, "Accounts", "table", { x: 0, y: 16, w: 24, h: 8 }),
  ],
};

function card(
  id: number,
  title: string,
  display: string,
  layout: { x: number; y: number; w: number; h: number },
  visualizationSettings: Record<string, unknown> = {},
) {
  return {
    id,
    cardId: id,
    title,
    description: null,
    display,
    visualizationSettings,
    layout,
    parameterMappings: [{ parameterId: "status", target: { column: "status" } }],
  };
}

const column = (name: string, displayName: string, type: string) => ({ name, displayName, type });
const result = (columns: ReturnType<typeof column>[], rows: unknown[][]) => ({
  columns,
  rows,
  rowCount: rows.length,
  truncated: false,
});
const statuses = ["delivered", "shipped", "cancelled"];

export const BENCH_RESULTS: Record<number, unknown> = {
  1: result([column("count", "Count", "number")], [[12840]]),
  2: result([column("sum(amount)", "Sum of Amount", "number")], [[1284032.5]]),
  3: result(
    [column("ordered_at:month", "Ordered At: Month", "date"), column("count", "Count", "number")],
    months.map((month, i) => [month, 300 + Math.round(80 * Math.sin(i / 3)) + i * 4]),
  ),
  4: result(
    [
      column("ordered_at:quarter", "Ordered At: Quarter", "date"),
      column("status", "Status", "category"),
      column("count", "Count", "number"),
    ],
    months
      .filter((_, i) => i % 3 === 0)
      .flatMap((quarter, i) =>
        statuses.map((status, s) => [quarter, status, 200 + i * 10 - s * 60]),
      ),
  ),
  5: result(
    [column("status", "Status", "category"), column("count", "Count", "number")],
    [
      ["paid", 620],
      ["open", 210],
      ["overdue", 75],
    ],
  ),
  6: result(
    [
      column("account_id", "Account ID", "id"),
      column("name", "Name", "text"),
      column("plan", "Plan", "category"),
    ],
    Array.from({ length: 500 }, (_, i) => [i + 1, `Account ${i + 1}`, i % 3 ? "Basic" : "Premium"]),
  ),
};
