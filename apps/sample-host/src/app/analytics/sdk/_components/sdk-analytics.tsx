"use client";

import { CollectionBrowser, Dashboard, EmbedProvider, Question } from "@embed/react";
import { EmbeddingSection } from "~/components/embedding-section";
import { ANALYTICS_THEME } from "~/lib/brand";

export interface SdkAnalyticsProps {
  /** The analytics server's URL, read on the server (EMBED_ANALYTICS_URL) and passed down. */
  instanceUrl: string;
  /** Who is logged in: a new user is a new identity, so the provider (and its cache) remounts. */
  userEmail: string;
}

/** The saved question "Accounts": the table of the accounts the user may see. */
const ACCOUNTS_QUESTION_ID = 6;

/**
 * Modular embedding: one `EmbedProvider` signs the logged-in Parcelpoint user in to the analytics
 * server (it fetches an SSO JWT from our `/api/analytics/token` with our session cookie, and
 * exchanges it for a session kept in memory); every SDK component below uses that session.
 */
export function SdkAnalytics({ instanceUrl, userEmail }: SdkAnalyticsProps) {
  return (
    <EmbedProvider
      key={userEmail}
      config={{ instanceUrl, auth: { jwtProviderUri: "/api/analytics/token" } }}
      theme={ANALYTICS_THEME}
    >
      <EmbeddingSection
        title="Dashboard"
        hint="<Dashboard id={1} withTitle withDownloads interactive /> — filters, charts, drill-through and CSV downloads."
        testId="sdk-dashboard"
      >
        <Dashboard id={1} withTitle withDownloads interactive />
      </EmbeddingSection>
      <EmbeddingSection
        title="A single saved question"
        hint={`<Question id={${ACCOUNTS_QUESTION_ID}} /> — the "Accounts" table on its own.`}
        testId="sdk-question"
      >
        <Question id={ACCOUNTS_QUESTION_ID} />
      </EmbeddingSection>
      <EmbeddingSection
        title="Collection browser"
        hint="<CollectionBrowser /> — everything this user may open."
        testId="sdk-collections"
      >
        <CollectionBrowser />
      </EmbeddingSection>
    </EmbedProvider>
  );
}
