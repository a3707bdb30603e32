import { render, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Dashboard, type Theme, Visualization } from "../index";
import { createFakeServer } from "./support/fake-server";
import { PLAN_RESULT } from "./support/fixtures";
import { renderWithProvider, withDashboard } from "./support/render";

afterEach(() => {
  vi.unstubAllGlobals();
});

const THEME: Theme = {
  mode: "dark",
  colors: { brand: "var(--host-brand)", text: "#fafafa" },
  fontFamily: "Inter, sans-serif",
  fontSize: "15px",
  radius: "4px",
  spacing: "10px",
  chartColors: ["#111111", "#222222"],
};

/** Every selector of a stylesheet, with at-rule wrappers (`@container …{`) unwrapped. */
function selectorsOf(css: string): string[] {
  const selectors: string[] = [];
  const unwrapped = css.replace(/@container[^{]*\{/g, "");
  for (const block of unwrapped.split("}")) {
    const selector = block.split("{")[0]?.trim();
    if (selector) selectors.push(...selector.split(",").map((part) => part.trim()));
  }
  return selectors;
}

describe("theming", () => {
  it("sets the theme as CSS variables on the SDK's root element only", async () => {
    const server = withDashboard(createFakeServer().withAuth());
    const { container } = renderWithProvider(
      <>
        <p className="embed-title" data-testid="host">
          host content
        </p>
        <Dashboard id={1} />
      </>,
      server,
      { theme: THEME },
    );
    const root = container.querySelector(".embed-sdk-root") as HTMLElement;
    expect(root.style.getPropertyValue("--embed-color-brand")).toBe("var(--host-brand)");
    expect(root.style.getPropertyValue("--embed-color-text")).toBe("#fafafa");
    // Dark defaults fill what the theme leaves out.
    expect(root.style.getPropertyValue("--embed-color-surface")).toBe("#1f2328");
    expect(root.style.getPropertyValue("--embed-font-family")).toBe("Inter, sans-serif");
    expect(root.style.getPropertyValue("--embed-radius")).toBe("4px");
    // Chart colours cycle through the slots.
    expect(root.style.getPropertyValue("--embed-chart-0")).toBe("#111111");
    expect(root.style.getPropertyValue("--embed-chart-3")).toBe("#222222");
    expect(root.getAttribute("data-embed-mode")).toBe("dark");

    const host = container.querySelector("[data-testid=host]") as HTMLElement;
    expect(host.getAttribute("style")).toBeNull();
    expect(getComputedStyle(host).getPropertyValue("--embed-color-brand")).toBe("");
    expect(getComputedStyle(host).fontWeight).not.toBe("600");
    expect(document.documentElement.getAttribute("style")).toBeNull();
    expect(document.body.getAttribute("style")).toBeNull();
    expect(document.head.querySelectorAll("style")).toHaveLength(0);

    // The same class inside the root is styled: the host's is not because rules are scoped.
    await waitFor(() => expect(root.querySelector(".embed-title")).not.toBeNull());
    expect(getComputedStyle(root.querySelector(".embed-title") as Element).fontWeight).toBe("600");
  });

  it("scopes every rule of its stylesheet under the root class", () => {
    const { container } = render(
      <Visualization result={PLAN_RESULT} display="table" title="Plans" />,
    );
    const styles = container.querySelectorAll("style");
    expect(styles).toHaveLength(1);
    const selectors = selectorsOf(styles[0]?.textContent ?? "");
    expect(selectors.length).toBeGreaterThan(50);
    for (const selector of selectors) expect(selector).toMatch(/^\.embed-sdk-root(\s|$|[.[:])/);
    // The style sits inside the root, not in <head>.
    expect(styles[0]?.closest(".embed-sdk-root")).not.toBeNull();
  });

  it("lets a component's theme override the provider's, key by key", async () => {
    const server = withDashboard(createFakeServer().withAuth());
    const { container } = renderWithProvider(
      <Dashboard id={1} theme={{ colors: { brand: "#ff0000" } }} />,
      server,
      { theme: THEME },
    );
    const root = container.querySelector(".embed-sdk-root") as HTMLElement;
    expect(root.style.getPropertyValue("--embed-color-brand")).toBe("#ff0000");
    expect(root.style.getPropertyValue("--embed-color-text")).toBe("#fafafa");
  });

  it("light is the default, with a transparent background that lets the host show through", () => {
    const { container } = render(
      <Visualization result={PLAN_RESULT} display="table" title="Plans" />,
    );
    const root = container.querySelector(".embed-sdk-root") as HTMLElement;
    expect(root.getAttribute("data-embed-mode")).toBe("light");
    expect(root.style.getPropertyValue("--embed-color-background")).toBe("transparent");
  });
});
