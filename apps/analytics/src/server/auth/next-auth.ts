import "server-only";
import { hkdfSync } from "node:crypto";
import type { AuthOptions } from "next-auth";
import { getToken } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { getEnv } from "~/env";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { parseCookies } from "../http/cookies";
import { clientIp, isHttpsRequest, userAgent } from "../http/request-meta";
import { hashSessionToken } from "../sessions/session-token";
import { loginWithPassword } from "./local-login";
import { safeCallbackPath } from "./safe-callback-path";

/**
 * next-auth drives the admin login form (CSRF, the credentials callback, its own cookie). The
 * source of truth stays our sessions table: `authorize` starts a revocable database session and
 * next-auth's encrypted JWT only carries its token, which `authenticateRequest` checks on every
 * request like any other session.
 */
/** Whether the admin login can work at all: its cookie is keyed by EMBED_ENCRYPTION_KEY. */
export function isAdminLoginConfigured(): boolean {
  return Boolean(getEnv().EMBED_ENCRYPTION_KEY);
}

function nextAuthSecret(): string {
  const key = getEnv().EMBED_ENCRYPTION_KEY;
  if (!key) {
    throw new ApiError(
      "encryption_key_missing",
      409,
      "The admin login needs EMBED_ENCRYPTION_KEY (at least 32 random characters) on the analytics server.",
    );
  }
  return Buffer.from(hkdfSync("sha256", key, "embed-analytics", "next-auth:v1", 32)).toString(
    "base64url",
  );
}

/**
 * The admin's session cookie: `SameSite=Strict` (no other site's page, link or form gets it
 * sent) and, over HTTPS, `__Host-` (Secure, path `/`, no Domain: a sibling subdomain can neither
 * set nor overwrite it). Over plain HTTP (localhost) browsers refuse `Secure` cookies, so no prefix.
 */
function sessionCookie(request: Request) {
  const secure = isHttpsRequest(request);
  return {
    name: `${secure ? "__Host-" : ""}next-auth.session-token`,
    options: { httpOnly: true, sameSite: "strict" as const, path: "/", secure },
  };
}

export function authOptions(request: Request): AuthOptions {
  return {
    secret: nextAuthSecret(),
    useSecureCookies: isHttpsRequest(request),
    cookies: { sessionToken: sessionCookie(request) },
    session: { strategy: "jwt" },
    // next-auth's own error page is a bare one: its errors show on our login page instead.
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials) {
          if (!credentials?.email || !credentials.password) return null;
          try {
            const { session, userId } = await loginWithPassword(
              { email: credentials.email, password: credentials.password },
              { userAgent: userAgent(request), ip: clientIp(request) },
            );
            return {
              id: String(userId),
              sessionToken: session.token,
              sessionExpiresAt: session.expiresAt.toISOString(),
            };
          } catch (error) {
            if (error instanceof ApiError && error.code === "invalid_credentials") return null;
            // next-auth hands a thrown message to the form as `error`: the code and the wait,
            // which the form turns into a sentence.
            if (error instanceof ApiError && error.code === "too_many_attempts") {
              throw new Error(`too_many_attempts:${error.headers["retry-after"] ?? ""}`);
            }
            throw error;
          }
        },
      }),
    ],
    callbacks: {
      // Where next-auth sends the browser after signing in or out: a path on this server only.
      redirect({ url, baseUrl }) {
        let path: unknown = url;
        if (!url.startsWith("/")) {
          try {
            const parsed = new URL(url);
            path =
              parsed.origin === new URL(baseUrl).origin
                ? `${parsed.pathname}${parsed.search}${parsed.hash}`
                : null;
          } catch {
            path = null;
          }
        }
        return `${baseUrl.replace(/\/$/, "")}${safeCallbackPath(path)}`;
      },
      jwt({ token, user }) {
        // Only at sign-in does `user` exist: copy our session token into next-auth's JWT.
        if (user && "sessionToken" in user) token.sessionToken = user.sessionToken as string;
        return token;
      },
      // The browser never sees the session token: the client session holds no more than a name.
      session({ session }) {
        return { expires: session.expires, user: { email: session.user?.email ?? null } };
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sessionToken !== "string") return;
        const { prisma } = await getAppDatabase();
        await prisma.session.updateMany({
          where: { tokenHash: hashSessionToken(token.sessionToken), revokedAt: null },
          data: { revokedAt: new Date() },
        });
      },
    },
  };
}

/** The database session token carried by next-auth's cookie, if the request has a valid one. */
export async function readNextAuthSessionToken(request: Request): Promise<string | undefined> {
  if (!getEnv().EMBED_ENCRYPTION_KEY) return undefined;
  const token = await getToken({
    // getToken only reads cookies from the request it is given.
    req: { cookies: parseCookies(request), headers: {} } as never,
    secret: nextAuthSecret(),
    secureCookie: isHttpsRequest(request),
    cookieName: sessionCookie(request).name,
  });
  return typeof token?.sessionToken === "string" ? token.sessionToken : undefined;
}
