import "server-only";
import { getServerSession, type NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getEnv } from "~/env";
import { sanitizeCallbackUrl } from "~/lib/sanitize-callback-url";
import { findUserByEmail, type HostUser, verifyCredentials } from "./users";

/**
 * The host's own login (next-auth v4, credentials, JWT session cookie). It knows nothing about
 * the analytics server: `analytics-identity.ts` decides what the analytics server is told.
 */

let options: NextAuthOptions | undefined;

/** next-auth's configuration; built on first use because it needs the validated env. */
export function getAuthOptions(): NextAuthOptions {
  options ??= {
    secret: getEnv().AUTH_SECRET,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    // next-auth's own pages are never shown: sign-in and its errors land on our /login.
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        authorize(credentials) {
          const user = verifyCredentials(credentials?.email ?? "", credentials?.password ?? "");
          // The session cookie carries only who this is; role and ids are looked up per request.
          return user && { id: user.id, email: user.email, name: fullName(user) };
        },
      }),
    ],
    callbacks: {
      // next-auth's default also allows any absolute URL on our origin; allow only our paths,
      // through the same rule as the login page.
      redirect({ url, baseUrl }) {
        const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url;
        return `${baseUrl}${sanitizeCallbackUrl(path)}`;
      },
    },
  };
  return options;
}

/** The logged-in host user of the current request, or `null`. */
export async function getCurrentUser(): Promise<HostUser | null> {
  const session = await getServerSession(getAuthOptions());
  const email = session?.user?.email;
  // A user deleted since login has a valid cookie but is nobody any more.
  return email ? findUserByEmail(email) : null;
}

export function fullName(user: Pick<HostUser, "firstName" | "lastName">): string {
  return `${user.firstName} ${user.lastName}`;
}
