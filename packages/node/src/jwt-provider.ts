import { type SignSsoTokenOptions, type SsoUser, signSsoToken } from "./sign-sso-token";

export interface JwtProviderOptions<TRequest> extends SignSsoTokenOptions {
  /**
   * The host's currently logged-in user, read from the host's own session (cookies). Return
   * `null` when nobody is logged in: the SDK then shows its authentication error state.
   */
  getUser: (request: TRequest) => Promise<SsoUser | null> | SsoUser | null;
}

/** The body the SDK's `jwtProviderUri` request expects. */
export interface JwtProviderResponse {
  jwt: string;
}

const NOT_LOGGED_IN = {
  error: { code: "unauthorized", message: "Nobody is logged in to the host application." },
};

/**
 * A Fetch-API route handler (Next.js App Router, Remix, Hono, Bun…) that answers the SDK's
 * `jwtProviderUri` request with a fresh SSO JWT for the host's current user.
 *
 * @example
 * // app/api/analytics/token/route.ts
 * export const GET = createJwtProviderHandler({
 *   secret: process.env.EMBED_JWT_SHARED_SECRET!,
 *   getUser: async () => {
 *     const user = await currentUser();
 *     return user && { email: user.email, attributes: { role: user.role, primary_id: user.tenantId } };
 *   },
 * });
 */
export function createJwtProviderHandler(
  options: JwtProviderOptions<Request>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const user = await options.getUser(request);
    const headers = { "cache-control": "no-store" };
    if (!user) return Response.json(NOT_LOGGED_IN, { status: 401, headers });
    const body: JwtProviderResponse = { jwt: await signSsoToken(user, options) };
    return Response.json(body, { headers });
  };
}

/** The parts of an Express (or Node `http`) response the middleware uses. */
interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}

/**
 * The same endpoint as Express middleware (or any `(req, res, next)` framework).
 *
 * @example
 * app.get("/api/analytics/token", jwtProviderMiddleware({
 *   secret: process.env.EMBED_JWT_SHARED_SECRET!,
 *   getUser: (req) => req.user && { email: req.user.email, attributes: { role: "customer", primary_id: req.user.accountId } },
 * }));
 */
export function jwtProviderMiddleware<TRequest>(options: JwtProviderOptions<TRequest>) {
  return async (
    request: TRequest,
    response: NodeResponseLike,
    next?: (error?: unknown) => void,
  ) => {
    try {
      const user = await options.getUser(request);
      const body = user ? { jwt: await signSsoToken(user, options) } : NOT_LOGGED_IN;
      response.statusCode = user ? 200 : 401;
      response.setHeader("content-type", "application/json");
      response.setHeader("cache-control", "no-store");
      response.end(JSON.stringify(body));
    } catch (error) {
      if (next) next(error);
      else throw error;
    }
  };
}

export interface SsoRedirectOptions extends JwtProviderOptions<Request> {
  /** The analytics server's URL, e.g. `https://analytics.example.com`. */
  instanceUrl: string;
  /** Where the host sends a visitor who is not logged in; gets `?callbackUrl=<this request>`. */
  loginUrl: string;
}

/**
 * The identity-provider endpoint of the full-app (iframe) flow: the analytics server sends a
 * visitor without a session here with `return_to`; a logged-in host user is sent back to
 * `/auth/sso?jwt=…&return_to=…`, anyone else to the host's login first.
 *
 * @example
 * // app/analytics/sso/route.ts — configure EMBED_JWT_IDP_URL=https://host.example.com/analytics/sso
 * export const GET = createSsoRedirectHandler({ instanceUrl, loginUrl: "/login", secret, getUser });
 */
export function createSsoRedirectHandler(
  options: SsoRedirectOptions,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const user = await options.getUser(request);
    if (!user) {
      const login = new URL(options.loginUrl, url);
      login.searchParams.set("callbackUrl", `${url.pathname}${url.search}`);
      return redirect(login);
    }
    const target = new URL("/auth/sso", options.instanceUrl);
    target.searchParams.set("jwt", await signSsoToken(user, options));
    // The analytics server validates return_to against its own rules; pass it on untouched.
    const returnTo = url.searchParams.get("return_to");
    if (returnTo) target.searchParams.set("return_to", returnTo);
    return redirect(target);
  };
}

function redirect(location: URL): Response {
  return new Response(null, {
    status: 302,
    headers: { location: location.toString(), "cache-control": "no-store" },
  });
}
