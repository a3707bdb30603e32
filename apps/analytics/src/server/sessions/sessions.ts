import "server-only";
import { findSession, type Prisma, type SessionKind } from "@embed/db";
import { rememberConfigVersion } from "../cache/current-config-version";
import { getAppDatabase } from "../db/app-database";
import { ApiError } from "../http/api-error";
import { generateSessionToken, hashSessionToken } from "./session-token";

/** Who is asking, as every authenticated route sees it. */
export interface Viewer {
  sessionId: number;
  sessionKind: SessionKind;
  user: {
    id: number;
    email: string;
    firstName: string | null;
    lastName: string | null;
    isAdmin: boolean;
    attributes: Record<string, unknown>;
    groups: Array<{ id: number; name: string }>;
  };
  /** The configuration version read with the session: what per-process caches are keyed on. */
  configVersion: string;
}

type SessionWriter = Pick<Prisma.TransactionClient, "session">;

export interface NewSession {
  token: string;
  expiresAt: Date;
}

/** Starts a session; only the token's hash is stored. Runs inside the caller's transaction. */
export async function createSession(
  tx: SessionWriter,
  input: {
    userId: number;
    kind: SessionKind;
    lengthMinutes: number;
    userAgent?: string | null;
    ip?: string | null;
  },
): Promise<NewSession> {
  const token = generateSessionToken();
  const expiresAt = new Date(Date.now() + input.lengthMinutes * 60_000);
  await tx.session.create({
    data: {
      tokenHash: hashSessionToken(token),
      userId: input.userId,
      kind: input.kind,
      expiresAt,
      userAgent: input.userAgent?.slice(0, 500) ?? null,
      ip: input.ip ?? null,
    },
  });
  return { token, expiresAt };
}

// Writing last_seen_at on every request would turn each read into a write; once a minute is
// plenty for "recently active".
const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * The viewer a session token belongs to. Revocation, expiry, deactivation and group changes are
 * read from the app database on every call — one round trip, which also brings the configuration
 * version — so they take effect on the user's next request on any server.
 */
export async function resolveSession(token: string): Promise<Viewer> {
  const db = await getAppDatabase();
  const session = await findSession(db, hashSessionToken(token));
  if (!session)
    throw new ApiError("session_invalid", 401, "The session token is not valid. Sign in again.");
  if (session.revokedAt)
    throw new ApiError("session_revoked", 401, "The session was revoked. Sign in again.");
  if (session.expiresAt.getTime() <= Date.now()) {
    throw new ApiError("session_expired", 401, "The session has expired. Sign in again.");
  }
  if (!session.user.isActive) {
    throw new ApiError("user_deactivated", 401, "This user has been deactivated.");
  }

  if (!session.lastSeenAt || Date.now() - session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db.prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date() } });
  }

  rememberConfigVersion(session.configVersion);
  const { isActive: _isActive, ...user } = session.user;
  return {
    sessionId: session.id,
    sessionKind: session.kind,
    user,
    configVersion: session.configVersion,
  };
}

/** Ends one session. Idempotent: revoking a revoked session changes nothing. */
export async function revokeSession(sessionId: number): Promise<void> {
  const { prisma } = await getAppDatabase();
  await prisma.session.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}
