import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Dashboard, type ErrorStateProps, type ParameterValueMap } from "../index";
import { apiError, bearerOf, createFakeServer, json } from "./support/fake-server";
import { DASHBOARD, PLAN_RESULT } from "./support/fixtures";
import { installMatchMedia, renderWithProvider, withDashboard } from "./support/render";

function Host() {
  const [parameters, setParameters] = useState<ParameterValueMap>({});
  return (
    <>
      <button type="button" onClick={() => setParameters({ status: "shipped" })}>
        host filter
      </button>
      <Dashboard id={1} parameters={parameters} onParametersChange={setParameters} />
    </>
  );
}

function CustomLoading() {
  return <p>Custom loading</p>;
}

function CustomError({ error }: ErrorStateProps) {
  return <p>Custom error {error.code}</p>;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const card = (container: HTMLElement, dashcardId: number) =>
  container.querySelector(`[data-embed-dashcard="${dashcardId}"]`) as HTMLElement;
const bodiesOf = (calls: Array<{ body: unknown }>) =>
  calls.map((call) => (call.body as { parameters: ParameterValueMap }).parameters);

describe("Dashboard", () => {
  it("shows a loading state, then the cards on the 24-column grid", async () => {
    const server = withDashboard(createFakeServer().withAuth());
    const { container } = renderWithProvider(<Dashboard id={1} />, server, { locale: "en-US" });
    expect(container.querySelector("[data-embed-state=loading]")).not.toBeNull();

    await waitFor(() =>
      expect(screen.getByRole("heading", { name: "Account overview" })).toBeTruthy(),
    );
    await waitFor(() => expect(card(container, 14).querySelectorAll("tbody tr")).toHaveLength(2));
    expect(card(container, 11).textContent).toContain("1,234");
    expect(card(container, 12).textContent).toContain("$98,765.50");
    const bar = card(container, 13);
    expect(bar.style.getPropertyValue("--embed-x")).toBe("7");
    expect(bar.style.getPropertyValue("--embed-w")).toBe("18");
    expect(bar.style.getPropertyValue("--embed-h")).toBe("8");
    // Every chart is also a table for screen readers.
    expect(within(bar).getByRole("table", { hidden: true }).textContent).toContain("Premium");
    await waitFor(() =>
      expect(screen.getByLabelText("Order status").querySelectorAll("option")).toHaveLength(3),
    );
  });

  it("shows the empty state for a dashboard without cards", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/dashboard/1", () => json({ ...DASHBOARD, cards: [] }));
    const onLoad = vi.fn();
    renderWithProvider(<Dashboard id={1} onLoad={onLoad} />, server);
    await waitFor(() => expect(screen.getByText("This dashboard has no cards yet.")).toBeTruthy());
    expect(onLoad).toHaveBeenCalledTimes(1);
  });

  it("shows the error state with the server's code, and retries", async () => {
    const server = createFakeServer().withAuth();
    let attempts = 0;
    server.route("GET /api/dashboard/1", () => {
      attempts += 1;
      return attempts === 1 ? apiError(404, "dashboard_not_found") : json(DASHBOARD);
    });
    const { container } = renderWithProvider(<Dashboard id={1} />, server);
    await waitFor(() =>
      expect(container.querySelector("[data-embed-error-code]")?.textContent).toBe(
        "dashboard_not_found",
      ),
    );
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() =>
      expect(screen.getByRole("heading", { name: "Account overview" })).toBeTruthy(),
    );
  });

  it("isolates a failing card and shows an empty result as empty", async () => {
    const server = withDashboard(createFakeServer().withAuth());
    server.route("POST /api/dashboard/1/cards/12/query", () =>
      apiError(503, "warehouse_unavailable"),
    );
    server.route("POST /api/dashboard/1/cards/14/query", () =>
      json({
        columns: [{ name: "name", displayName: "Name", type: "text" }],
        rows: [],
        rowCount: 0,
        truncated: false,
      }),
    );
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { container } = renderWithProvider(<Dashboard id={1} />, server);
      await vi.advanceTimersByTimeAsync(5_000);
      await waitFor(() =>
        expect(card(container, 12).querySelector("[data-embed-error-code]")?.textContent).toBe(
          "warehouse_unavailable",
        ),
      );
      expect(card(container, 14).textContent).toContain("No results");
      expect(card(container, 11).textContent).toContain("1,234");
    } finally {
      vi.useRealTimers();
    }
  });

  it("retries a card refused with too_many_queries (more cards than the session's query limit)", async () => {
    const server = withDashboard(createFakeServer().withAuth());
    let refused = 0;
    server.route("POST /api/dashboard/1/cards/14/query", () => {
      if (refused++ === 0) return apiError(429, "too_many_queries");
      return json({
        columns: [{ name: "name", displayName: "Name", type: "text" }],
        rows: [["Acme Retail"]],
        rowCount: 1,
        truncated: false,
      });
    });
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { container } = renderWithProvider(<Dashboard id={1} />, server);
      await vi.advanceTimersByTimeAsync(5_000);
      await waitFor(() => expect(card(container, 14).textContent).toContain("Acme Retail"));
      expect(refused).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("uncontrolled: starts from initialParameters, then follows the filter bar", async () => {
    const server = withDashboard(createFakeServer().withAuth());
    renderWithProvider(<Dashboard id={1} initialParameters={{ status: "shipped" }} />, server);
    await waitFor(() =>
      expect(server.calls("POST /api/dashboard/1/cards/11/query")).toHaveLength(1),
    );
    expect(bodiesOf(server.calls("POST /api/dashboard/1/cards/11/query"))).toEqual([
      { status: "shipped" },
    ]);

    await waitFor(() =>
      expect(screen.getByLabelText("Order status").querySelectorAll("option")).toHaveLength(3),
    );
    fireEvent.change(screen.getByLabelText("Order status"), { target: { value: "delivered" } });
    await waitFor(() =>
      expect(server.calls("POST /api/dashboard/1/cards/11/query")).toHaveLength(2),
    );
    expect(bodiesOf(server.calls("POST /api/dashboard/1/cards/11/query"))[1]).toEqual({
      status: "delivered",
    });

    fireEvent.change(screen.getByLabelText("Date range from"), { target: { value: "2025-01-01" } });
    await waitFor(() =>
      expect(server.calls("POST /api/dashboard/1/cards/11/query")).toHaveLength(3),
    );
    expect(bodiesOf(server.calls("POST /api/dashboard/1/cards/11/query"))[2]).toEqual({
      date_range: "2025-01-01~",
      status: "delivered",
    });
  });

  it("controlled: reports changes and queries only what the host passes", async () => {
    const server = withDashboard(createFakeServer().withAuth());
    const onParametersChange = vi.fn();
    renderWithProvider(
      <Dashboard
        id={1}
        parameters={{ status: "shipped" }}
        onParametersChange={onParametersChange}
      />,
      server,
    );
    await waitFor(() =>
      expect(screen.getByLabelText("Order status").querySelectorAll("option")).toHaveLength(3),
    );
    fireEvent.change(screen.getByLabelText("Order status"), { target: { value: "delivered" } });
    expect(onParametersChange).toHaveBeenCalledWith({ status: "delivered" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(
      bodiesOf(server.calls("POST /api/dashboard/1/cards/11/query")).every(
        (parameters) => parameters.status === "shipped",
      ),
    ).toBe(true);
  });

  it("controlled: follows the host's state", async () => {
    const server = withDashboard(createFakeServer().withAuth());
    renderWithProvider(<Host />, server);
    await waitFor(() =>
      expect(server.calls("POST /api/dashboard/1/cards/11/query")).toHaveLength(1),
    );
    fireEvent.click(screen.getByRole("button", { name: "host filter" }));
    await waitFor(() =>
      expect(server.calls("POST /api/dashboard/1/cards/11/query")).toHaveLength(2),
    );
    expect((screen.getByLabelText("Order status") as HTMLSelectElement).value).toBe("shipped");
  });

  it("hiddenParameters hides the filter but its value still applies", async () => {
    const server = withDashboard(createFakeServer().withAuth());
    const { container } = renderWithProvider(
      <Dashboard id={1} hiddenParameters={["account_id"]} initialParameters={{ account_id: 2 }} />,
      server,
    );
    await waitFor(() =>
      expect(server.calls("POST /api/dashboard/1/cards/11/query")).toHaveLength(1),
    );
    expect(bodiesOf(server.calls("POST /api/dashboard/1/cards/11/query"))).toEqual([
      { account_id: 2 },
    ]);
    await waitFor(() =>
      expect(container.querySelector('[data-embed-parameter="status"]')).not.toBeNull(),
    );
    expect(container.querySelector('[data-embed-parameter="account_id"]')).toBeNull();
  });

  it("withTitle={false} hides the name", async () => {
    const server = withDashboard(createFakeServer().withAuth());
    const { container } = renderWithProvider(<Dashboard id={1} withTitle={false} />, server);
    await waitFor(() =>
      expect(container.querySelectorAll("[data-embed-dashcard]")).toHaveLength(4),
    );
    expect(screen.queryByRole("heading", { name: "Account overview" })).toBeNull();
  });

  it("withDownloads fetches the CSV export with the bearer token and saves a blob", async () => {
    const server = withDashboard(createFakeServer().withAuth());
    server.route(
      "GET /api/dashboard/1/cards/14/export",
      () => new Response("Account ID,Name\n1,Acme\n", { headers: { "content-type": "text/csv" } }),
    );
    const createObjectURL = vi.fn(() => "blob:csv");
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    renderWithProvider(
      <Dashboard id={1} withDownloads initialParameters={{ status: "shipped" }} />,
      server,
    );
    const button = await screen.findByRole("button", { name: "Download Accounts as CSV" });
    fireEvent.click(button);
    await waitFor(() => expect(click).toHaveBeenCalled());
    const [request] = server.calls("GET /api/dashboard/1/cards/14/export");
    expect(bearerOf(request as never)).toBe("Bearer s1");
    const url = new URL(request?.url ?? "");
    expect(url.searchParams.get("format")).toBe("csv");
    expect(JSON.parse(url.searchParams.get("parameters") ?? "{}")).toEqual({ status: "shipped" });
    const saved = (createObjectURL.mock.calls[0] as unknown as [Blob])[0];
    await expect(saved.text()).resolves.toContain("1,Acme");
  });

  it("a failed download shows its code on the card", async () => {
    const server = withDashboard(createFakeServer().withAuth());
    server.route("GET /api/dashboard/1/cards/14/export", () => apiError(403, "forbidden"));
    const { container } = renderWithProvider(<Dashboard id={1} withDownloads />, server);
    fireEvent.click(await screen.findByRole("button", { name: "Download Accounts as CSV" }));
    await waitFor(() =>
      expect(
        card(container, 14).querySelector('[data-embed-error-code="forbidden"]'),
      ).not.toBeNull(),
    );
  });

  it("calls onLoad once, after every card's first result", async () => {
    const server = withDashboard(createFakeServer().withAuth());
    const onLoad = vi.fn();
    const { container } = renderWithProvider(<Dashboard id={1} onLoad={onLoad} />, server);
    await waitFor(() => expect(onLoad).toHaveBeenCalledTimes(1));
    expect(onLoad.mock.calls[0]?.[0]).toMatchObject({ id: 1, name: "Account overview" });
    expect(card(container, 14).querySelectorAll("tbody tr")).toHaveLength(2);
  });

  it("uses the host's state components", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/dashboard/1", () => apiError(404, "dashboard_not_found"));
    renderWithProvider(
      <Dashboard id={1} components={{ Loading: CustomLoading, Error: CustomError }} />,
      server,
    );
    expect(screen.getByText("Custom loading")).toBeTruthy();
    await waitFor(() => expect(screen.getByText("Custom error dashboard_not_found")).toBeTruthy());
  });
});

describe("Dashboard drill-through", () => {
  const UNDERLYING = {
    columns: [
      { name: "account_id", displayName: "Account ID", type: "id" },
      { name: "plan", displayName: "Plan", type: "category" },
    ],
    rows: [
      [1, "Premium"],
      [5, "Premium"],
      [9, "Premium"],
    ],
    rowCount: 3,
    truncated: false,
  };

  async function clickPremiumBar(container: HTMLElement) {
    await waitFor(() =>
      expect(card(container, 13).querySelector('.ct-bar[data-embed-index="1"]')).not.toBeNull(),
    );
    fireEvent.click(card(container, 13).querySelector('.ct-bar[data-embed-index="1"]') as Element);
  }

  it("asks the server for the rows behind the clicked bar, with a way back", async () => {
    installMatchMedia();
    const server = withDashboard(createFakeServer().withAuth());
    server.route("POST /api/dashboard/1/cards/13/drill", () => json(UNDERLYING));
    const { container } = renderWithProvider(<Dashboard id={1} />, server);
    await clickPremiumBar(container);
    await waitFor(() =>
      expect(container.querySelectorAll("[data-embed-drill] tbody tr")).toHaveLength(3),
    );
    expect(screen.getByText(/Accounts by plan: Plan = Premium/)).toBeTruthy();
    // The server builds the drill query from the card; the SDK only says what was clicked.
    expect(server.calls("POST /api/dashboard/1/cards/13/drill")[0]?.body).toEqual({
      parameters: {},
      values: ["Premium"],
    });
    expect(server.calls("POST /api/dataset")).toHaveLength(0);
    fireEvent.click(screen.getByRole("button", { name: /Back to Account overview/ }));
    expect(container.querySelectorAll("[data-embed-dashcard]")).toHaveLength(4);
  });

  it("shows the server's refusal as the drill's error state", async () => {
    installMatchMedia();
    const server = withDashboard(createFakeServer().withAuth());
    server.route("POST /api/dashboard/1/cards/13/drill", () =>
      json(
        {
          error: {
            code: "invalid_query",
            message: "Only structured questions can be drilled into.",
          },
        },
        400,
      ),
    );
    const { container } = renderWithProvider(<Dashboard id={1} />, server);
    await clickPremiumBar(container);
    await waitFor(() =>
      expect(container.querySelector("[data-embed-drill]")?.textContent).toContain("invalid_query"),
    );
  });

  it("summary tables drill by row (keyboard too)", async () => {
    const server = withDashboard(createFakeServer().withAuth(), {
      ...DASHBOARD,
      cards: [{ ...(DASHBOARD.cards[2] as (typeof DASHBOARD.cards)[number]), display: "table" }],
    });
    server.route("POST /api/dashboard/1/cards/13/drill", () => json(UNDERLYING));
    const { container } = renderWithProvider(<Dashboard id={1} />, server);
    await waitFor(() => expect(card(container, 13).querySelectorAll("tbody tr")).toHaveLength(2));
    fireEvent.keyDown(card(container, 13).querySelectorAll("tbody tr")[0] as Element, {
      key: "Enter",
    });
    await waitFor(() => expect(screen.getByText(/Plan = Basic/)).toBeTruthy());
    expect(PLAN_RESULT.rows[0]).toEqual(["Basic", 7]);
  });

  it("interactive={false} turns drill-through off", async () => {
    const server = withDashboard(createFakeServer().withAuth(), {
      ...DASHBOARD,
      cards: [{ ...(DASHBOARD.cards[2] as (typeof DASHBOARD.cards)[number]), display: "table" }],
    });
    const { container } = renderWithProvider(<Dashboard id={1} interactive={false} />, server);
    await waitFor(() => expect(card(container, 13).querySelectorAll("tbody tr")).toHaveLength(2));
    expect(card(container, 13).querySelector("tr.embed-clickable")).toBeNull();
  });
});

describe("several dashboards on one page", () => {
  it("keep independent parameters", async () => {
    const server = withDashboard(
      withDashboard(createFakeServer().withAuth()),
      { ...DASHBOARD, id: 2, name: "Second" },
      2,
    );
    const { container } = renderWithProvider(
      <>
        <div data-testid="first">
          <Dashboard id={1} initialParameters={{ status: "shipped" }} />
        </div>
        <div data-testid="second">
          <Dashboard id={2} initialParameters={{ status: "delivered" }} />
        </div>
        <div data-testid="third">
          <Dashboard id={1} />
        </div>
      </>,
      server,
    );
    await waitFor(() =>
      expect(container.querySelectorAll("[data-embed-dashcard]")).toHaveLength(12),
    );
    expect(bodiesOf(server.calls("POST /api/dashboard/1/cards/11/query"))).toEqual(
      expect.arrayContaining([{ status: "shipped" }, {}]),
    );
    expect(bodiesOf(server.calls("POST /api/dashboard/2/cards/11/query"))).toEqual([
      { status: "delivered" },
    ]);

    const third = screen.getByTestId("third");
    await waitFor(() =>
      expect(within(third).getByLabelText("Order status").querySelectorAll("option")).toHaveLength(
        3,
      ),
    );
    fireEvent.change(within(third).getByLabelText("Order status"), {
      target: { value: "delivered" },
    });
    await waitFor(() =>
      expect(bodiesOf(server.calls("POST /api/dashboard/1/cards/11/query"))).toContainEqual({
        status: "delivered",
      }),
    );
    expect(
      (within(screen.getByTestId("first")).getByLabelText("Order status") as HTMLSelectElement)
        .value,
    ).toBe("shipped");
    expect(
      (within(screen.getByTestId("second")).getByLabelText("Order status") as HTMLSelectElement)
        .value,
    ).toBe("delivered");
    // One session for the page: one exchange however many components.
    expect(server.calls("POST /api/session/sso")).toHaveLength(1);
  });
});
