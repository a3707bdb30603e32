import type { Metadata } from "next";
import { EmbeddingPage, embeddingStyles as styles } from "~/components/embedding-page";
import { EmbeddingSection } from "~/components/embedding-section";
import { getEnv } from "~/env";
import { requireUser } from "~/server/require-user";

export const metadata: Metadata = { title: "Full-app embedding — Parcelpoint" };
export const dynamic = "force-dynamic";

/** The analytics app's page to open once signed in: the "Account overview" dashboard. */
const APP_PATH = "/dashboard/1";

/**
 * The analytics app in a plain iframe. Its `src` carries no token: `/auth/sso?return_to=…` makes
 * the analytics server send the frame to its identity-provider URL — our `/analytics/sso`
 * (apps/sample-host/src/app/analytics/sso/route.ts) — which signs a JWT for the logged-in user
 * and sends the frame back to `/auth/sso?jwt=…`, where the analytics session cookie is set.
 */
export default async function FullAppPage() {
  const user = await requireUser("/analytics/full-app");
  const src = `${getEnv().EMBED_ANALYTICS_URL}/auth/sso?${new URLSearchParams({ return_to: APP_PATH })}`;
  return (
    <EmbeddingPage href="/analytics/full-app">
      <EmbeddingSection
        title="Analytics app"
        hint={
          <>
            <code>{`<iframe src="${src}">`}</code> — signed in as {user.email} without a password.
          </>
        }
        testId="full-app"
      >
        <iframe
          // A new user gets a fresh frame (and a fresh SSO round trip).
          key={user.email}
          className={styles.frame}
          title="Analytics"
          src={src}
          style={{ height: 1300 }}
          allow="clipboard-write; fullscreen"
          referrerPolicy="strict-origin-when-cross-origin"
        />
      </EmbeddingSection>
    </EmbeddingPage>
  );
}
