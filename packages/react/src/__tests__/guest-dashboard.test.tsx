import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GuestDashboard } from "../index";
import { apiError, createFakeServer, INSTANCE, json } from "./support/fake-server";
import { DASHBOARD, RESULTS_BY_DASHCARD } from "./support/fixtures";
import { renderWithProvider, stubFetch } from "./support/render";

afterEach(() => {
  vi.unstubAllGlobals();
});

const TOKEN = "header.payload.signature";
// A guest dashboard lists only editable parameters (the locked account is not there).
const GUEST_DASHBOARD = {
  ...DASHBOARD,
  parameters: DASHBOARD.parameters.filter((parameter) => parameter.slug !== "account_id"),
};

function guestServer() {
  const server = createFakeServer();
  server.route(`GET /api/embed/dashboard/${TOKEN}`, () => json(GUEST_DASHBOARD));
  for (const card of DASHBOARD.cards) {
    server.route(`POST /api/embed/dashboard/${TOKEN}/cards/${card.id}/query`, () =>
      json(RESULTS_BY_DASHCARD[card.id]),
    );
  }
  return server;
}

describe("GuestDashboard", () => {
  it("renders the token's dashboard natively, without a provider, a session or credentials", async () => {
    const server = guestServer();
    stubFetch(server);
    const { container } = render(<GuestDashboard instanceUrl={INSTANCE} token={TOKEN} />);
    expect(container.querySelector("[data-embed-state=loading]")).not.toBeNull();
    await waitFor(() =>
      expect(container.querySelectorAll("[data-embed-dashcard]")).toHaveLength(4),
    );
    await waitFor(() =>
      expect(container.querySelector("[data-embed-dashcard='11']")?.textContent).toContain("1,234"),
    );
    expect(container.querySelector("iframe")).toBeNull();
    expect(server.calls("POST /api/session/sso")).toHaveLength(0);
    for (const request of server.requests) {
      expect(request.headers.has("authorization")).toBe(false);
      expect(request.credentials).toBe("omit");
    }
    expect(container.querySelector('[data-embed-parameter="account_id"]')).toBeNull();
  });

  it("sends only editable filter values, to the guest route", async () => {
    const server = guestServer();
    stubFetch(server);
    render(<GuestDashboard instanceUrl={INSTANCE} token={TOKEN} />);
    // No values route for guests: a category filter is a text field.
    const input = await screen.findByLabelText("Order status");
    fireEvent.change(input, { target: { value: "delivered" } });
    fireEvent.keyDown(input, { key: "Enter" });
    await waitFor(() =>
      expect(server.calls(`POST /api/embed/dashboard/${TOKEN}/cards/11/query`)).toHaveLength(2),
    );
    expect(server.calls(`POST /api/embed/dashboard/${TOKEN}/cards/11/query`)[1]?.body).toEqual({
      parameters: { status: "delivered" },
    });
  });

  it("uses the provider's instanceUrl when there is one", async () => {
    const server = guestServer();
    const { container } = renderWithProvider(<GuestDashboard token={TOKEN} />, server);
    await waitFor(() =>
      expect(container.querySelectorAll("[data-embed-dashcard]")).toHaveLength(4),
    );
  });

  it("shows the empty state", async () => {
    const server = createFakeServer();
    server.route(`GET /api/embed/dashboard/${TOKEN}`, () =>
      json({ ...GUEST_DASHBOARD, cards: [] }),
    );
    stubFetch(server);
    render(<GuestDashboard instanceUrl={INSTANCE} token={TOKEN} />);
    expect(await screen.findByText("This dashboard has no cards yet.")).toBeTruthy();
  });

  it("shows a refused token's code", async () => {
    const server = createFakeServer();
    server.route(`GET /api/embed/dashboard/${TOKEN}`, () => apiError(401, "guest_token_expired"));
    stubFetch(server);
    const { container } = render(<GuestDashboard instanceUrl={INSTANCE} token={TOKEN} />);
    await waitFor(() =>
      expect(container.querySelector("[data-embed-error-code]")?.textContent).toBe(
        "guest_token_expired",
      ),
    );
  });

  it("says what is missing without an instanceUrl", () => {
    const { container } = render(<GuestDashboard token={TOKEN} />);
    expect(container.querySelector("[data-embed-error-code]")?.textContent).toBe(
      "client_misconfigured",
    );
  });
});
