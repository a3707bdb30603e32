import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Question } from "../index";
import { apiError, createFakeServer, json } from "./support/fake-server";
import { PLAN_RESULT, REVENUE_RESULT } from "./support/fixtures";
import { renderWithProvider } from "./support/render";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const card = (display: string, extra: Record<string, unknown> = {}) => ({
  id: 3,
  name: "Accounts by plan",
  description: null,
  display,
  queryKind: "structured",
  visualizationSettings: {},
  collectionId: 1,
  ...extra,
});

describe("Question", () => {
  it("loads the question and its result in parallel and draws it", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/card/3", () => json(card("table")));
    server.route("POST /api/card/3/query", () => json(PLAN_RESULT));
    const onLoad = vi.fn();
    const { container } = renderWithProvider(<Question id={3} onLoad={onLoad} />, server);
    expect(container.querySelector("[data-embed-state=loading]")).not.toBeNull();
    await waitFor(() => expect(container.querySelectorAll("tbody tr")).toHaveLength(2));
    expect(screen.getByRole("heading", { name: "Accounts by plan" })).toBeTruthy();
    expect(onLoad).toHaveBeenCalledTimes(1);
  });

  it("formats a number card by locale and its settings", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/card/3", () =>
      json(
        card("scalar", {
          visualizationSettings: { format: { style: "currency", currency: "EUR" } },
        }),
      ),
    );
    server.route("POST /api/card/3/query", () => json(REVENUE_RESULT));
    const { container } = renderWithProvider(<Question id={3} />, server, { locale: "de-DE" });
    await waitFor(() => expect(container.querySelector(".embed-scalar-value")).not.toBeNull());
    expect(container.querySelector(".embed-scalar-value")?.textContent?.replace(/\s/g, " ")).toBe(
      "98.765,50 €",
    );
  });

  it("shows the empty state for a result without rows", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/card/3", () => json(card("bar")));
    server.route("POST /api/card/3/query", () => json({ ...PLAN_RESULT, rows: [], rowCount: 0 }));
    renderWithProvider(<Question id={3} />, server);
    await waitFor(() => expect(screen.getByText("No results")).toBeTruthy());
  });

  it("shows the error state with the server's code", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/card/3", () => apiError(404, "card_not_found"));
    server.route("POST /api/card/3/query", () => apiError(404, "card_not_found"));
    const { container } = renderWithProvider(<Question id={3} />, server);
    await waitFor(() =>
      expect(container.querySelector("[data-embed-error-code]")?.textContent).toBe(
        "card_not_found",
      ),
    );
  });

  it("downloads the rows it shows as CSV", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/card/3", () => json(card("table")));
    server.route("POST /api/card/3/query", () => json(PLAN_RESULT));
    const createObjectURL = vi.fn(() => "blob:csv");
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    renderWithProvider(<Question id={3} withDownloads />, server);
    fireEvent.click(
      await screen.findByRole("button", { name: "Download Accounts by plan as CSV" }),
    );
    const saved = (createObjectURL.mock.calls[0] as unknown as [Blob])[0];
    // jsdom's Blob has no text(): read it the old way.
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(saved);
    });
    expect(text).toBe("Plan,Count\r\nBasic,7\r\nPremium,3\r\n");
  });
});
