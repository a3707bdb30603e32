import { createSsoRedirectHandler } from "@embed/node";
import { getEnv } from "~/env";
import { getAnalyticsUser } from "~/server/analytics-identity";

export const dynamic = "force-dynamic";

/**
 * `GET /analytics/sso?return_to=…` — the identity-provider URL of the full-app flow (the
 * analytics server's `EMBED_JWT_IDP_URL`). A logged-in user goes on to the analytics server's
 * `/auth/sso?jwt=…&return_to=…`; anyone else to `/login`, which sends them back here.
 */
export async function GET(request: Request): Promise<Response> {
  const env = getEnv();
  const handle = createSsoRedirectHandler({
    instanceUrl: env.EMBED_ANALYTICS_URL,
    loginUrl: "/login",
    secret: env.EMBED_JWT_SHARED_SECRET,
    getUser: getAnalyticsUser,
  });
  return handle(request);
}
