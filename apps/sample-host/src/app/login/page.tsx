import type { Metadata } from "next";
import { sanitizeCallbackUrl } from "~/lib/sanitize-callback-url";
import { fullName, getCurrentUser } from "~/server/auth";
import { DEMO_PASSWORD, listUsers } from "~/server/users";
import { LoginPanel } from "./_components/login-panel";
import styles from "./login.module.css";

export const metadata: Metadata = { title: "Log in — Parcelpoint" };

export const dynamic = "force-dynamic";

interface LoginPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** next-auth's `?error=` codes, in words. */
const ERROR_MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong email or password.",
  SessionRequired: "Please log in to see that page.",
};

export default async function LoginPage({ searchParams }: LoginPageProps) {
  const params = await searchParams;
  // Only a path on this site: the SSO flow sends people here with callbackUrl=/analytics/sso?…
  const callbackUrl = sanitizeCallbackUrl(first(params.callbackUrl));
  const errorCode = first(params.error);
  const initialError = errorCode
    ? (ERROR_MESSAGES[errorCode] ?? "Login failed. Please try again.")
    : null;
  const current = await getCurrentUser();
  const users = listUsers().map((user) => ({
    email: user.email,
    name: fullName(user),
    organization: user.organization,
    accessSummary: user.accessSummary,
  }));

  return (
    <main className={styles.main}>
      <h1 className={styles.title}>Log in to Parcelpoint</h1>
      <p className={styles.lead}>
        Parcelpoint's own login. The analytics server never sees a password: it trusts a signed
        token from Parcelpoint instead.
      </p>
      {current && (
        <div className={styles.notice}>
          You are logged in as {fullName(current)}.{" "}
          <a className={styles.link} href={callbackUrl}>
            Continue
          </a>{" "}
          or log in as someone else below.
        </div>
      )}
      <LoginPanel
        users={users}
        demoPassword={DEMO_PASSWORD}
        callbackUrl={callbackUrl}
        initialError={initialError}
      />
    </main>
  );
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
