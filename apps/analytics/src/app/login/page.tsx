import { safeCallbackPath } from "~/server/auth/safe-callback-path";
import { LoginForm } from "./_components/login-form";

export const metadata = { title: "Sign in · Embed Analytics" };

/** The local (administrator) login. Host users never come here: they arrive through SSO. */
type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: Props) {
  // Checked here, on the server, by the same rule as next-auth's redirect callback.
  const callbackPath = safeCallbackPath((await searchParams).callbackUrl);
  return (
    <main style={{ maxWidth: 420, margin: "80px auto", padding: "0 24px", lineHeight: 1.5 }}>
      <h1 style={{ fontSize: 24, marginBottom: 4 }}>Sign in to Embed Analytics</h1>
      <p style={{ color: "#64748b", marginTop: 0 }}>
        For administrators of this server. People using a host application are signed in by it.
      </p>
      <LoginForm callbackPath={callbackPath} />
    </main>
  );
}
