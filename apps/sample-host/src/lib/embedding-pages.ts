/**
 * The three ways Parcelpoint embeds analytics, one page each. The header, the home page and
 * each page itself read their title, explanation and code paths from here.
 */
export interface EmbeddingPage {
  href: "/analytics/sdk" | "/analytics/full-app" | "/analytics/guest";
  /** Short name for the header. */
  label: string;
  title: string;
  /** One paragraph: what the page demonstrates. */
  summary: string;
  /** Repository paths of the code that does it. */
  code: readonly string[];
}

export const EMBEDDING_PAGES: readonly EmbeddingPage[] = [
  {
    href: "/analytics/sdk",
    label: "SDK",
    title: "Modular embedding with the React SDK",
    summary:
      "Dashboards, a saved question and a collection browser drawn natively inside Parcelpoint's own page by @embed/react, in Parcelpoint's colours. The SDK asks Parcelpoint's backend for a short-lived SSO token for the logged-in user (jwtProviderUri), exchanges it for an in-memory session, and the analytics server's row policies decide which accounts each user sees.",
    code: [
      "apps/sample-host/src/app/analytics/sdk/_components/sdk-analytics.tsx",
      "apps/sample-host/src/app/api/analytics/token/route.ts",
      "apps/sample-host/src/server/analytics-identity.ts",
    ],
  },
  {
    href: "/analytics/full-app",
    label: "Full app",
    title: "The full analytics app in an iframe",
    summary:
      "The whole analytics application framed in Parcelpoint through the SSO redirect flow: the iframe opens the analytics server's /auth/sso, which sends it to Parcelpoint's identity-provider URL (/analytics/sso); Parcelpoint signs a JWT for the logged-in user and sends it straight back. No token ever appears in Parcelpoint's page.",
    code: [
      "apps/sample-host/src/app/analytics/full-app/page.tsx",
      "apps/sample-host/src/app/analytics/sso/route.ts",
    ],
  },
  {
    href: "/analytics/guest",
    label: "Guest embed",
    title: "Guest embedding with a signed token",
    summary:
      "No analytics user at all: Parcelpoint's server signs a 10-minute guest-embed token for dashboard 1 with the account_id filter locked to the viewer's account. The same token is shown twice — as the analytics server's embeddable page in an iframe, and drawn natively by the SDK's GuestDashboard. Changing one character of the token makes the analytics server refuse it.",
    code: [
      "apps/sample-host/src/app/analytics/guest/page.tsx",
      "apps/sample-host/src/server/guest-embed.ts",
      "apps/sample-host/src/app/analytics/guest/_components/native-guest-dashboard.tsx",
    ],
  },
];

export function embeddingPage(href: EmbeddingPage["href"]): EmbeddingPage {
  const page = EMBEDDING_PAGES.find((candidate) => candidate.href === href);
  if (!page) throw new Error(`Unknown embedding page ${href}`);
  return page;
}
