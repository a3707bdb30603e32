// @vitest-environment node
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import {
  CollectionBrowser,
  Dashboard,
  EmbedProvider,
  FullAppEmbed,
  GuestDashboard,
  Question,
  Visualization,
} from "../index";
import { PLAN_RESULT } from "./support/fixtures";

const config = { instanceUrl: "https://analytics.test", auth: { jwtProviderUri: "/api/token" } };

describe("server rendering (no window)", () => {
  it("imports without a DOM", () => {
    expect(typeof window).toBe("undefined");
    expect(typeof document).toBe("undefined");
  });

  it.each([
    ["Dashboard", <Dashboard key="d" id={1} />],
    ["Question", <Question key="q" id={3} />],
    ["CollectionBrowser", <CollectionBrowser key="c" />],
    ["FullAppEmbed", <FullAppEmbed key="f" path="/dashboard/1" />],
    ["GuestDashboard", <GuestDashboard key="g" token="t" />],
    [
      "Visualization (bar)",
      <Visualization key="v" result={PLAN_RESULT} display="bar" title="Plans" />,
    ],
  ])("renderToString(<%s />) renders its loading or static state", (_name, element) => {
    const html = renderToString(<EmbedProvider config={config}>{element}</EmbedProvider>);
    expect(html).toContain("embed-sdk-root");
  });

  it("GuestDashboard renders without a provider", () => {
    expect(renderToString(<GuestDashboard instanceUrl="https://a.test" token="t" />)).toContain(
      'data-embed-state="loading"',
    );
  });
});
