import type { Metadata } from "next";
import { EmbeddingPage } from "~/components/embedding-page";
import { getEnv } from "~/env";
import { requireUser } from "~/server/require-user";
import { SdkAnalytics } from "./_components/sdk-analytics";

export const metadata: Metadata = { title: "SDK embedding — Parcelpoint" };
export const dynamic = "force-dynamic";

export default async function SdkPage() {
  const user = await requireUser("/analytics/sdk");
  return (
    <EmbeddingPage href="/analytics/sdk">
      <SdkAnalytics instanceUrl={getEnv().EMBED_ANALYTICS_URL} userEmail={user.email} />
    </EmbeddingPage>
  );
}
