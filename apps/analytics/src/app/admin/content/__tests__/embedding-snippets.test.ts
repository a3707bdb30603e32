import * as sdk from "@embed/react";
import { describe, expect, it } from "vitest";
import { fullAppSnippet, guestSnippet, sdkSnippet } from "../embedding-snippets";

const url = "https://analytics.example.com";
const dashboard = {
  kind: "dashboard",
  id: 7,
  name: 'Sales "EU" <Q1>',
  lockedSlugs: ["account_id"],
} as const;

describe("embedding snippets", () => {
  it("the SDK snippet uses the SDK's real exports and config props, with the instance URL and id", () => {
    const code = sdkSnippet(url, dashboard);
    expect(code).toContain('import { Dashboard, EmbedProvider } from "@embed/react"');
    expect(code).toContain(`instanceUrl: "${url}"`);
    expect(code).toContain('auth: { jwtProviderUri: "/api/analytics/token" }');
    expect(code).toContain("<Dashboard id={7} />");
    expect(sdkSnippet(url, { ...dashboard, kind: "question" })).toContain("<Question id={7} />");
    // The names the snippet imports are the SDK's.
    expect([typeof sdk.EmbedProvider, typeof sdk.Dashboard, typeof sdk.Question]).toEqual([
      "function",
      "function",
      "function",
    ]);
  });

  it("the full-app snippet frames the SSO redirect flow back to the dashboard, its title escaped", () => {
    const code = fullAppSnippet(url, 7, dashboard.name);
    expect(code).toContain(`src="${url}/auth/sso?return_to=%2Fdashboard%2F7"`);
    expect(code).toContain('title="Sales &quot;EU&quot; &lt;Q1>"');
  });

  it("the guest snippet signs the item with each locked slug and reads the secret from the environment", () => {
    const code = guestSnippet(url, dashboard);
    expect(code).toContain('import { signGuestEmbedToken } from "@embed/node"');
    expect(code).toContain("resource: { dashboard: 7 }");
    expect(code).toContain('account_id: "<account_id of the signed-in user>"');
    expect(code).toContain("process.env.EMBED_GUEST_EMBED_SECRET");
    expect(code).toContain(`\`${url}/embed/dashboard/\${token}\``);
    const question = guestSnippet(url, { ...dashboard, kind: "question", lockedSlugs: [] });
    expect(question).toContain("resource: { question: 7 }");
    expect(question).toContain("params: {}");
    expect(question).toContain(`/embed/question/`);
  });
});
