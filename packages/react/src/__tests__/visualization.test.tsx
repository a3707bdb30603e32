import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type QueryResult, Visualization } from "../index";
import { ACCOUNTS_RESULT, PLAN_RESULT } from "./support/fixtures";
import { installMatchMedia } from "./support/render";

afterEach(() => {
  vi.unstubAllGlobals();
});

const MONTHLY_BY_STATUS: QueryResult = {
  columns: [
    { name: "ordered_at:month", displayName: "Ordered At: Month", type: "date" },
    { name: "status", displayName: "Status", type: "category" },
    { name: "count", displayName: "Count", type: "number" },
  ],
  rows: [
    ["2025-01-01T00:00:00.000Z", "shipped", 4],
    ["2025-01-01T00:00:00.000Z", "delivered", 6],
    ["2025-02-01T00:00:00.000Z", "shipped", 5],
    ["2025-02-01T00:00:00.000Z", "delivered", 2],
    ["2025-03-01T00:00:00.000Z", "shipped", 1],
  ],
  rowCount: 5,
  truncated: false,
};

const MONTHLY: QueryResult = {
  columns: [
    { name: "ordered_at:month", displayName: "Ordered At: Month", type: "date" },
    { name: "count", displayName: "Count", type: "number" },
  ],
  rows: [
    ["2025-01-01T00:00:00.000Z", 10],
    ["2025-02-01T00:00:00.000Z", 7],
    ["2025-03-01T00:00:00.000Z", 1],
  ],
  rowCount: 3,
  truncated: false,
};

/** Chartist draws after a timeout: wait for the first mark. */
async function drawn(container: HTMLElement, selector: string) {
  await waitFor(() => expect(container.querySelector(selector)).not.toBeNull());
  return container.querySelectorAll(selector);
}

describe("charts (Chartist, SVG)", () => {
  it("bar: one bar per row, each with a tooltip title, and a screen-reader table", async () => {
    installMatchMedia();
    const { container } = render(
      <Visualization result={PLAN_RESULT} display="bar" title="Accounts by plan" locale="en-US" />,
    );
    expect(await drawn(container, ".ct-bar")).toHaveLength(2);
    expect(container.querySelector(".ct-bar title")?.textContent).toBe("Basic: 7");
    const table = screen.getByRole("table", { hidden: true });
    expect(table.className).toContain("embed-visually-hidden");
    expect(table.querySelector("caption")?.textContent).toBe("Accounts by plan (bar chart)");
    expect([...table.querySelectorAll("tbody tr")].map((row) => row.textContent)).toEqual([
      "Basic7",
      "Premium3",
    ]);
    expect(container.querySelector("[data-embed-chart]")?.getAttribute("aria-hidden")).toBe("true");
  });

  it("grouped bars: a second breakout becomes the series, with a legend", async () => {
    installMatchMedia();
    const { container } = render(
      <Visualization result={MONTHLY_BY_STATUS} display="bar" title="Orders" locale="en-US" />,
    );
    const bars = await drawn(container, ".ct-bar");
    // Three months × two statuses, one missing (March/delivered).
    expect(bars.length).toBeGreaterThanOrEqual(5);
    expect(new Set([...bars].map((bar) => bar.getAttribute("data-embed-series")))).toEqual(
      new Set(["0", "1"]),
    );
    expect([...container.querySelectorAll(".embed-legend li")].map((li) => li.textContent)).toEqual(
      ["shipped", "delivered"],
    );
    expect(container.querySelector(".ct-chart-bar.ct-stacked, .ct-stacked")).toBeNull();
  });

  it("stacked bars", async () => {
    installMatchMedia();
    const { container } = render(
      <Visualization
        result={MONTHLY_BY_STATUS}
        display="bar"
        visualizationSettings={{ stacked: true }}
        title="Orders"
      />,
    );
    await drawn(container, ".ct-bar");
    const first = [...container.querySelectorAll('.ct-bar[data-embed-index="0"]')];
    expect(first).toHaveLength(2);
    // Stacked: both segments of a month share one x position.
    expect(first[0]?.getAttribute("x1")).toBe(first[1]?.getAttribute("x1"));
  });

  it("line and area, with dates formatted by locale", async () => {
    installMatchMedia();
    const line = render(
      <Visualization result={MONTHLY} display="line" title="Orders per month" locale="en-US" />,
    );
    await drawn(line.container, ".ct-line");
    expect(line.container.querySelectorAll(".ct-point")).toHaveLength(3);
    expect(line.container.querySelector(".ct-point title")?.textContent).toBe("Jan 2025: 10");
    line.unmount();

    const area = render(
      <Visualization result={MONTHLY} display="area" title="Orders per month" locale="de-DE" />,
    );
    await drawn(area.container, ".ct-area");
    expect(screen.getByRole("table", { hidden: true }).textContent).toContain("März 2025");
  });

  it("pie and donut: one slice per row", async () => {
    installMatchMedia();
    const pie = render(<Visualization result={PLAN_RESULT} display="pie" title="Plans" />);
    expect(await drawn(pie.container, ".ct-slice-pie")).toHaveLength(2);
    expect(pie.container.querySelectorAll(".embed-legend li")).toHaveLength(2);
    pie.unmount();
    const donut = render(<Visualization result={PLAN_RESULT} display="donut" title="Plans" />);
    expect(await drawn(donut.container, ".ct-slice-donut")).toHaveLength(2);
    expect(screen.getByRole("table", { hidden: true }).querySelector("caption")?.textContent).toBe(
      "Plans (donut chart)",
    );
  });

  it("clicking a mark reports its breakout values", async () => {
    installMatchMedia();
    const onDrill = vi.fn();
    const { container } = render(
      <Visualization result={MONTHLY_BY_STATUS} display="bar" title="Orders" onDrill={onDrill} />,
    );
    await drawn(container, ".ct-bar");
    fireEvent.click(
      container.querySelector('.ct-bar[data-embed-series="1"][data-embed-index="1"]') as Element,
    );
    expect(onDrill).toHaveBeenCalledWith(["2025-02-01T00:00:00.000Z", "delivered"]);
  });

  it("without a browser's matchMedia (SSR, jsdom) keeps the data table and does not throw", () => {
    const { container } = render(
      <Visualization result={PLAN_RESULT} display="bar" title="Plans" />,
    );
    expect(container.querySelector("svg")).toBeNull();
    expect(screen.getByRole("table", { hidden: true }).textContent).toContain("Premium");
  });
});

describe("number and table", () => {
  it("scalar: the first number, formatted", () => {
    render(
      <Visualization
        result={{
          columns: [{ name: "count", displayName: "Count", type: "number" }],
          rows: [[1234567.891]],
          rowCount: 1,
          truncated: false,
        }}
        display="scalar"
        title="Orders"
        locale="en-US"
      />,
    );
    expect(document.querySelector(".embed-scalar-value")?.textContent).toBe("1,234,567.89");
    expect(document.querySelector(".embed-scalar")?.textContent).toBe("Orders: 1,234,567.89");
  });

  it("table: sorts by a header, both ways", () => {
    const { container } = render(
      <Visualization result={ACCOUNTS_RESULT} display="table" title="Accounts" />,
    );
    const names = () =>
      [...container.querySelectorAll("tbody tr td:nth-child(2)")].map((cell) => cell.textContent);
    expect(names()).toEqual(["Acme", "Globex"]);
    fireEvent.click(screen.getByRole("button", { name: "Name" }));
    expect(screen.getByRole("columnheader", { name: /Name/ }).getAttribute("aria-sort")).toBe(
      "ascending",
    );
    fireEvent.click(screen.getByRole("button", { name: /Name/ }));
    expect(names()).toEqual(["Globex", "Acme"]);
    expect(screen.getByRole("columnheader", { name: /Name/ }).getAttribute("aria-sort")).toBe(
      "descending",
    );
  });

  it("table: 10k rows render one page at a time", () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [
      i + 1,
      `Account ${i + 1}`,
      i % 2 ? "Basic" : "Premium",
    ]);
    const started = performance.now();
    const { container } = render(
      <Visualization
        result={{ ...ACCOUNTS_RESULT, rows, rowCount: rows.length }}
        display="table"
        title="Accounts"
        locale="en-US"
      />,
    );
    const elapsed = performance.now() - started;
    expect(container.querySelectorAll("tbody tr")).toHaveLength(50);
    expect(screen.getByText(/1–50 of 10,000/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(container.querySelector("tbody tr td")?.textContent).toBe("51");
    fireEvent.click(screen.getByRole("button", { name: "Account ID" }));
    fireEvent.click(screen.getByRole("button", { name: /Account ID/ }));
    // Sorting goes back to the first page, here of the descending order.
    expect(container.querySelector("tbody tr td")?.textContent).toBe("10000");
    console.info(`10k-row table: first render ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(2_000);
  });

  it("table: empty result is the empty state", () => {
    render(
      <Visualization
        result={{ ...ACCOUNTS_RESULT, rows: [], rowCount: 0 }}
        display="table"
        title="Accounts"
      />,
    );
    expect(screen.getByText("No results")).toBeTruthy();
  });
});
