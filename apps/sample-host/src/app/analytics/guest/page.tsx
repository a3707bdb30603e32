import type { Metadata } from "next";
import { EmbeddingPage, embeddingStyles as styles } from "~/components/embedding-page";
import { EmbeddingSection } from "~/components/embedding-section";
import { getEnv } from "~/env";
import { GUEST_DASHBOARD_ID, guestAccountFor, signGuestDashboardToken } from "~/server/guest-embed";
import { requireUser } from "~/server/require-user";
import { NativeGuestDashboard } from "./_components/native-guest-dashboard";

export const metadata: Metadata = { title: "Guest embedding — Parcelpoint" };
export const dynamic = "force-dynamic";

/**
 * Guest embedding: this server component signs a token per page view (never the browser: the
 * embedding secret stays on the server) and hands the same token to an iframe and to the SDK.
 */
export default async function GuestPage() {
  const user = await requireUser("/analytics/guest");
  const account = guestAccountFor(user);
  if (account.accountId === null) {
    return (
      <EmbeddingPage href="/analytics/guest">
        <div className={styles.notice} role="status" data-testid="guest-no-access">
          Your Parcelpoint account has no analytics access, so there is no account to lock a guest
          dashboard to. Log in as a tenant admin or a customer to see this page in action.
        </div>
      </EmbeddingPage>
    );
  }

  const instanceUrl = getEnv().EMBED_ANALYTICS_URL;
  const token = await signGuestDashboardToken(account.accountId);
  const lockedTo =
    account.reason === "first-tenant-account"
      ? `account ${account.accountId}, the first of your tenant's accounts (a guest token locks exactly one account)`
      : `account ${account.accountId}, your own`;
  return (
    <EmbeddingPage href="/analytics/guest">
      <p className={styles.notice} data-testid="guest-locked-account">
        This token locks <code>account_id</code> to {lockedTo}. It expires in 10 minutes; reload the
        page for a fresh one.
      </p>
      <EmbeddingSection
        title="In an iframe"
        hint={
          <>
            The analytics server's embeddable page,{" "}
            <code>{`${instanceUrl}/embed/dashboard/<token>`}</code>.
          </>
        }
        testId="guest-iframe"
      >
        <iframe
          className={styles.frame}
          title="Guest dashboard (iframe)"
          src={`${instanceUrl}/embed/dashboard/${token}`}
          style={{ height: 1200 }}
          referrerPolicy="no-referrer"
        />
      </EmbeddingSection>
      <EmbeddingSection
        title="Natively, with the SDK"
        hint={
          <>
            <code>{`<GuestDashboard token={token} instanceUrl="${instanceUrl}" />`}</code> —
            dashboard {GUEST_DASHBOARD_ID}, charts included, no iframe.
          </>
        }
        testId="guest-native"
      >
        <NativeGuestDashboard token={token} instanceUrl={instanceUrl} />
      </EmbeddingSection>
    </EmbeddingPage>
  );
}
