import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { vi } from "vitest";
import { EmbedProvider, type EmbedProviderProps } from "../../index";
import { type FakeServer, INSTANCE, JWT_URI, json } from "./fake-server";
import { DASHBOARD, RESULTS_BY_DASHCARD } from "./fixtures";

/** Points the global fetch at a fake server (restored by vi.unstubAllGlobals in afterEach). */
export function stubFetch(server: FakeServer) {
  vi.stubGlobal("fetch", server.fetch);
}

export function renderWithProvider(
  ui: ReactNode,
  server: FakeServer,
  props: Partial<Omit<EmbedProviderProps, "children">> = {},
) {
  stubFetch(server);
  const providerProps = {
    config: { instanceUrl: INSTANCE, auth: { jwtProviderUri: JWT_URI } },
    ...props,
  };
  const view = render(<EmbedProvider {...providerProps}>{ui}</EmbedProvider>);
  return {
    ...view,
    rerenderWithProvider: (next: ReactNode) =>
      view.rerender(<EmbedProvider {...providerProps}>{next}</EmbedProvider>),
  };
}

/** Routes for dashboard 1 (fixtures), its card queries and its filter values. */
export function withDashboard(server: FakeServer, dashboard = DASHBOARD, id = 1) {
  server.route(`GET /api/dashboard/${id}`, () => json(dashboard));
  for (const card of dashboard.cards) {
    server.route(`POST /api/dashboard/${id}/cards/${card.id}/query`, () =>
      json(RESULTS_BY_DASHCARD[card.id]),
    );
  }
  server.route(`GET /api/dashboard/${id}/params/status/values`, () =>
    json({ values: ["delivered", "shipped"], truncated: false }),
  );
  server.route(`GET /api/dashboard/${id}/params/account_id/values`, () =>
    json({ values: [1, 2], truncated: false }),
  );
  return server;
}

/** Chartist needs matchMedia, which jsdom lacks; a browser always has it. */
export function installMatchMedia() {
  vi.stubGlobal(
    "matchMedia",
    vi.fn((query: string) => ({
      matches: false,
      media: query,
      addEventListener: () => {},
      removeEventListener: () => {},
      addListener: () => {},
      removeListener: () => {},
      onchange: null,
      dispatchEvent: () => false,
    })),
  );
}
