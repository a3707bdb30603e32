import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type EmbedQueryState,
  useCardResult,
  useCollectionItems,
  useCurrentUser,
  useDashboard,
  useDataset,
  useParameterValues,
  useQueryResult,
  useQuestion,
} from "../index";
import { apiError, createFakeServer, type FakeServer, json } from "./support/fake-server";
import { COUNT_RESULT, DASHBOARD, PLAN_RESULT } from "./support/fixtures";
import { renderWithProvider, withDashboard } from "./support/render";

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Renders a hook's state as text: "status|code|json of data". */
function Probe<T>({ use }: { use: () => EmbedQueryState<T> }) {
  const state = use();
  return (
    <p data-testid="probe">
      {state.status}|{state.error?.code ?? ""}|
      {state.data === undefined ? "" : JSON.stringify(state.data)}
    </p>
  );
}

async function settle<T>(server: FakeServer, use: () => EmbedQueryState<T>) {
  renderWithProvider(<Probe use={use} />, server);
  await waitFor(() => expect(screen.getByTestId("probe").textContent).not.toMatch(/^loading/));
  const [status, code, data] = (screen.getByTestId("probe").textContent ?? "").split("|");
  return { status, code, data: data ? JSON.parse(data) : undefined };
}

describe("data hooks", () => {
  it("useDashboard: the definition, or the server's code", async () => {
    const server = withDashboard(createFakeServer().withAuth());
    expect(await settle(server, () => useDashboard(1))).toMatchObject({
      status: "success",
      data: { name: "Account overview" },
    });
  });

  it("useDashboard: a dashboard the user may not see is dashboard_not_found", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/dashboard/9", () => apiError(404, "dashboard_not_found"));
    expect(await settle(server, () => useDashboard(9))).toMatchObject({
      status: "error",
      code: "dashboard_not_found",
    });
  });

  it("useQueryResult posts the parameters (undefined dropped) and returns the result", async () => {
    const server = withDashboard(createFakeServer().withAuth());
    const state = await settle(server, () =>
      useQueryResult(1, 11, {
        status: "shipped",
        date_range: "2025-01-01~",
        account_id: undefined,
      }),
    );
    expect(state).toMatchObject({ status: "success", data: COUNT_RESULT });
    expect(server.calls("POST /api/dashboard/1/cards/11/query")[0]?.body).toEqual({
      parameters: { date_range: "2025-01-01~", status: "shipped" },
    });
  });

  it("useQueryResult: a refused parameter keeps the server's code", async () => {
    const server = withDashboard(createFakeServer().withAuth());
    server.route("POST /api/dashboard/1/cards/11/query", () =>
      apiError(400, "invalid_parameter", 'This dashboard has no parameter "nope".'),
    );
    expect(await settle(server, () => useQueryResult(1, 11, { nope: 1 }))).toMatchObject({
      status: "error",
      code: "invalid_parameter",
    });
  });

  it.each(["question", "result"])("useQuestion and useCardResult: %s", async (which) => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/card/3", () =>
      json({
        id: 3,
        name: "Accounts by plan",
        description: null,
        display: "bar",
        queryKind: "structured",
        visualizationSettings: {},
        collectionId: 1,
      }),
    );
    server.route("POST /api/card/3/query", () => json(PLAN_RESULT));
    if (which === "question") {
      expect(await settle(server, () => useQuestion(3))).toMatchObject({
        status: "success",
        data: { name: "Accounts by plan", display: "bar" },
      });
    } else {
      expect(await settle(server, () => useCardResult(3))).toMatchObject({
        status: "success",
        data: { rowCount: 2 },
      });
    }
  });

  it("useCardResult: card_not_found", async () => {
    const server = createFakeServer().withAuth();
    server.route("POST /api/card/99/query", () => apiError(404, "card_not_found"));
    expect(await settle(server, () => useCardResult(99))).toMatchObject({
      status: "error",
      code: "card_not_found",
    });
  });

  it("useCurrentUser", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/user/current", () =>
      json({
        id: 1,
        email: "a@b.c",
        firstName: null,
        lastName: null,
        groups: [],
        attributes: {},
        isAdmin: true,
      }),
    );
    expect(await settle(server, () => useCurrentUser())).toMatchObject({
      status: "success",
      data: { email: "a@b.c", isAdmin: true },
    });
  });

  it("useParameterValues passes the search on", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/dashboard/1/params/status/values", () =>
      json({ values: ["shipped"], truncated: false }),
    );
    expect(await settle(server, () => useParameterValues(1, "status", "ship"))).toMatchObject({
      status: "success",
      data: { values: ["shipped"] },
    });
    expect(server.calls("GET /api/dashboard/1/params/status/values")[0]?.url).toContain(
      "?search=ship",
    );
  });

  it("useCollectionItems lists what the server lets the user see", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/collection/root/items", () =>
      json({ items: [{ id: 1, model: "dashboard", name: "Account overview", description: null }] }),
    );
    expect(await settle(server, () => useCollectionItems())).toMatchObject({
      status: "success",
      data: [{ model: "dashboard" }],
    });
  });

  it("useDataset posts the structured query; null stays idle", async () => {
    const server = createFakeServer().withAuth();
    server.route("POST /api/dataset", () => json(PLAN_RESULT));
    const query = { source: "accounts", aggregations: [["count"]], breakouts: ["plan"] };
    expect(await settle(server, () => useDataset(query))).toMatchObject({ status: "success" });
    expect(server.calls("POST /api/dataset")[0]?.body).toEqual(query);
  });

  it("an answer of the wrong shape is invalid_response, not a crash", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/dashboard/1", () => json({ id: 1, name: "x", cards: "nope" }));
    expect(await settle(server, () => useDashboard(1))).toMatchObject({
      status: "error",
      code: "invalid_response",
    });
  });

  it("a network failure is network_error", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/dashboard/1", () => {
      throw new TypeError("Failed to fetch");
    });
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      renderWithProvider(<Probe use={() => useDashboard(1)} />, server);
      // Network errors are retried twice (1 s, then 2 s apart) before surfacing.
      await vi.advanceTimersByTimeAsync(5_000);
      await waitFor(() =>
        expect(screen.getByTestId("probe").textContent).toMatch(/^error\|network_error/),
      );
      expect(server.calls("GET /api/dashboard/1")).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it("typed data: the dashboard's cards carry their grid layout", async () => {
    const server = withDashboard(createFakeServer().withAuth());
    const state = await settle(server, () => useDashboard(1));
    expect(state.data.cards.map((card: { layout: unknown }) => card.layout)).toEqual(
      DASHBOARD.cards.map((card) => card.layout),
    );
  });
});
