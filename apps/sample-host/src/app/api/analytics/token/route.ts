import { createJwtProviderHandler } from "@embed/node";
import { getEnv } from "~/env";
import { getAnalyticsUser } from "~/server/analytics-identity";

export const dynamic = "force-dynamic";

/**
 * `GET /api/analytics/token` — the SDK's `jwtProviderUri`. Answers `{"jwt": "…"}`, a short-lived
 * SSO token for the logged-in host user, or 401 JSON when nobody is logged in. Never cached.
 */
export async function GET(request: Request): Promise<Response> {
  const handle = createJwtProviderHandler({
    secret: getEnv().EMBED_JWT_SHARED_SECRET,
    getUser: getAnalyticsUser,
  });
  return handle(request);
}
