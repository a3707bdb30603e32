import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CollectionBrowser } from "../index";
import { apiError, createFakeServer, json } from "./support/fake-server";
import { renderWithProvider } from "./support/render";

afterEach(() => {
  vi.unstubAllGlobals();
});

const ROOT = {
  items: [
    { id: 5, model: "collection", name: "Customer analytics", description: null },
    { id: 1, model: "dashboard", name: "Account overview", description: "Orders and revenue." },
    { id: 3, model: "card", name: "Accounts by plan", description: null },
  ],
};

describe("CollectionBrowser", () => {
  it("lists what the user may open and reports a pick", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/collection/root/items", () => json(ROOT));
    const onSelect = vi.fn();
    const { container } = renderWithProvider(<CollectionBrowser onSelect={onSelect} />, server);
    expect(container.querySelector("[data-embed-state=loading]")).not.toBeNull();
    fireEvent.click(await screen.findByRole("button", { name: /Account overview/ }));
    expect(onSelect).toHaveBeenCalledWith(ROOT.items[1]);
  });

  it("opens a collection in place, with a breadcrumb back", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/collection/root/items", () => json(ROOT));
    server.route("GET /api/collection/5/items", () =>
      json({ items: [{ id: 2, model: "dashboard", name: "Inner", description: null }] }),
    );
    renderWithProvider(<CollectionBrowser />, server);
    fireEvent.click(await screen.findByRole("button", { name: /Customer analytics/ }));
    expect(await screen.findByRole("button", { name: /Inner/ })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Collections" }));
    expect(await screen.findByRole("button", { name: /Account overview/ })).toBeTruthy();
  });

  it("filters by model", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/collection/root/items", () => json(ROOT));
    renderWithProvider(<CollectionBrowser models={["dashboard"]} />, server);
    await screen.findByRole("button", { name: /Account overview/ });
    expect(screen.queryByRole("button", { name: /Accounts by plan/ })).toBeNull();
  });

  it("shows the empty state", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/collection/root/items", () => json({ items: [] }));
    renderWithProvider(<CollectionBrowser />, server);
    expect(await screen.findByText("Nothing here yet.")).toBeTruthy();
  });

  it("shows the error state with the server's code", async () => {
    const server = createFakeServer().withAuth();
    server.route("GET /api/collection/9/items", () => apiError(404, "collection_not_found"));
    const { container } = renderWithProvider(<CollectionBrowser collectionId={9} />, server);
    await waitFor(() =>
      expect(container.querySelector("[data-embed-error-code]")?.textContent).toBe(
        "collection_not_found",
      ),
    );
  });
});
