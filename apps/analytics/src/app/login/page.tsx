import { isAdminLoginConfigured } from "~/server/auth/next-auth";
import { safeCallbackPath } from "~/server/auth/safe-callback-path";
import { LoginForm } from "./_components/login-form";
import { loginProblemMessage } from "./_components/login-problem";

export const metadata = { title: "Sign in · Embed Analytics" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The local (administrator) login. Host users never come here: they arrive through SSO. */
export default async function LoginPage({ searchParams }: Props) {
  const { error, callbackUrl } = await searchParams;
  const problem = loginProblemMessage(typeof error === "string" ? error : undefined);
  // Checked here, on the server, by the same rule as next-auth's redirect callback.
  const callbackPath = safeCallbackPath(callbackUrl);
  return (
    <main style={{ maxWidth: 420, margin: "80px auto", padding: "0 24px", lineHeight: 1.5 }}>
      <h1 style={{ fontSize: 24, marginBottom: 4 }}>Sign in to Embed Analytics</h1>
      <p style={{ color: "#64748b", marginTop: 0 }}>
        For administrators of this server. People using a host application are signed in by it.
      </p>
      {isAdminLoginConfigured() ? (
        <>
          {problem ? (
            <p role="alert" data-testid="login-problem" style={{ color: "#b91c1c" }}>
              {problem}
            </p>
          ) : null}
          <LoginForm callbackPath={callbackPath} />
        </>
      ) : (
        // Said here, on the page, rather than as the JSON error next-auth's route would give.
        <section
          role="alert"
          data-testid="login-not-configured"
          style={{
            background: "#fff7ed",
            border: "1px solid #fdba74",
            borderRadius: 8,
            padding: 16,
          }}
        >
          <h2 style={{ fontSize: 17, margin: "0 0 8px" }}>Administrator sign-in is not set up</h2>
          <p style={{ margin: "0 0 8px" }}>
            This server has no <code>EMBED_ENCRYPTION_KEY</code>. The administrator login (and
            storing or rotating secrets) needs it.
          </p>
          <p style={{ margin: 0 }}>
            Set it to at least 32 random characters (for example the output of{" "}
            <code>openssl rand -base64 32</code>) in the analytics server's environment, keep it,
            and restart the server. <code>npm run demo</code> makes one for you.
          </p>
        </section>
      )}
    </main>
  );
}
