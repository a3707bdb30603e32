import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { startAnalyticsInstance } from "./analytics-instance";
import {
  adminSession,
  type Caller,
  customerSession,
  type DocumentedOperation,
  describeRequest,
  type HostileRequest,
  hostileRequest,
  problemWith,
  readOperations,
  sendHostile,
} from "./hostile-requests";

/**
 * A private demo server for the hostile-input runs: the admin's requests may change its
 * configuration, which the shared server's other tests depend on.
 */
export async function startHostileTarget() {
  const secrets = {
    sso: randomBytes(32).toString("base64url"),
    guest: randomBytes(32).toString("base64url"),
  };
  const admin = { email: "admin@hostile.test", password: randomBytes(12).toString("base64url") };
  const server = await startAnalyticsInstance({
    EMBED_SEED_DEMO: "true",
    EMBED_JWT_SHARED_SECRET: secrets.sso,
    EMBED_GUEST_EMBED_SECRET: secrets.guest,
    EMBED_ENCRYPTION_KEY: randomBytes(32).toString("base64url"),
    // Only localhost: a redirect to the identity provider is never followed.
    EMBED_JWT_IDP_URL: "http://localhost:9/analytics/sso",
    EMBED_AUTHORIZED_ORIGINS: "http://localhost:3100",
    EMBED_ADMIN_EMAIL: admin.email,
    EMBED_ADMIN_PASSWORD: admin.password,
  });
  const operations = await readOperations(server.url);
  const tokens: Record<Caller, string | undefined> = {
    anonymous: undefined,
    customer: await customerSession(server.url, secrets.sso),
    admin: await adminSession(server.url, admin),
  };
  return { server, operations, tokens, ssoSecret: secrets.sso };
}

/** The seed of every run; HOSTILE_SEED replays a reported failure. */
export const HOSTILE_SEED = Number(process.env.HOSTILE_SEED ?? 20261130);

/**
 * Sends `runs` hostile requests as `caller`; throws with the seed and the request on the first
 * answer that breaks the rules (no shrinking: each try is a request to a live server).
 */
export async function runHostile(options: {
  baseUrl: string;
  operations: DocumentedOperation[];
  caller: Caller;
  token?: string;
  runs: number;
  seed?: number;
}): Promise<Map<number, number>> {
  const seed = options.seed ?? HOSTILE_SEED;
  const statuses = new Map<number, number>();
  let failure: { request: HostileRequest; problem: string } | undefined;
  const details = await fc.check(
    fc.asyncProperty(
      hostileRequest(options.operations, options.caller, options.token),
      async (request) => {
        const answer = await sendHostile(options.baseUrl, request);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const problem = problemWith(answer);
        if (problem) failure = { request, problem };
        return problem === null;
      },
    ),
    { seed, numRuns: options.runs, endOnFailure: true },
  );
  if (details.failed) {
    throw new Error(
      `hostile input (${options.caller}, seed ${seed}, HOSTILE_SEED=${seed} replays it): ${
        failure ? `${failure.problem}\n  request: ${describeRequest(failure.request)}` : ""
      }${details.errorInstance ? `\n  ${String(details.errorInstance)}` : ""}`,
    );
  }
  return statuses;
}
