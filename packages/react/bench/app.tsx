// The page the bench loads: one provider, one six-card dashboard, timings on window.__bench.
import { createRoot } from "react-dom/client";
import { Dashboard, EmbedProvider } from "../src/index";

declare global {
  interface Window {
    __bench?: { firstChartMs?: number; allCardsMs?: number };
  }
}

const CHART_MARKS = ".ct-bar, .ct-line, .ct-point, .ct-slice-pie, .ct-slice-donut";
const bench: NonNullable<Window["__bench"]> = {};
window.__bench = bench;

const container = document.getElementById("root") as HTMLElement;
const observer = new MutationObserver(() => {
  const now = performance.now() - started;
  if (bench.firstChartMs === undefined && container.querySelector(CHART_MARKS)) {
    bench.firstChartMs = now;
  }
  const cards = container.querySelectorAll("[data-embed-dashcard]");
  const isDone =
    cards.length === 6 &&
    [...cards].every((card) => !card.querySelector("[data-embed-state=loading]")) &&
    container.querySelector(".ct-slice-pie") &&
    container.querySelector(".ct-line") &&
    container.querySelector(".ct-bar");
  if (isDone && bench.allCardsMs === undefined) {
    bench.allCardsMs = now;
    observer.disconnect();
  }
});
observer.observe(container, { childList: true, subtree: true });

const started = performance.now();
createRoot(container).render(
  <EmbedProvider
    config={{
      instanceUrl:
        new URLSearchParams(window.location.search).get("instance") ?? window.location.origin,
      auth: { jwtProviderUri: "/token" },
    }}
  >
    <Dashboard id={1} withDownloads />
  </EmbedProvider>,
);
