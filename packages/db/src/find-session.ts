import type { SessionKind } from "./generated/prisma/enums.js";
import { getSqlDriver } from "./internal/sql-driver-registry.js";
import type { AppDatabase } from "./open-app-database.js";

/** A session with its user, the user's groups and the configuration version, as one row. */
export interface FoundSession {
  id: number;
  kind: SessionKind;
  expiresAt: Date;
  revokedAt: Date | null;
  lastSeenAt: Date | null;
  user: {
    id: number;
    email: string;
    firstName: string | null;
    lastName: string | null;
    isAdmin: boolean;
    isActive: boolean;
    attributes: Record<string, unknown>;
    /** Each group once (a group held by mapping and by hand is one group), sorted by name. */
    groups: Array<{ id: number; name: string }>;
  };
  /** `config_version` when the row was read: what the caller's caches must be keyed on. */
  configVersion: string;
}

interface SessionRow extends Record<string, unknown> {
  id: number;
  kind: SessionKind;
  expires_at: Date;
  revoked_at: Date | null;
  last_seen_at: Date | null;
  user_id: number;
  email: string;
  first_name: string | null;
  last_name: string | null;
  is_admin: boolean;
  is_active: boolean;
  attributes: Record<string, unknown> | null;
  groups: Array<{ id: number; name: string }>;
  config_version: string;
}

const CONFIG_VERSION_SQL = `(SELECT version::text FROM config_version WHERE id = 1)`;

const FIND_SESSION = {
  name: "embed_find_session",
  text: `
    SELECT s.id, s.kind, s.expires_at, s.revoked_at, s.last_seen_at,
           u.id AS user_id, u.email, u.first_name, u.last_name, u.is_admin, u.is_active, u.attributes,
           COALESCE((
             SELECT jsonb_agg(jsonb_build_object('id', g.id, 'name', g.name) ORDER BY g.name, g.id)
             FROM groups g
             WHERE g.id IN (SELECT gm.group_id FROM group_memberships gm WHERE gm.user_id = u.id)
           ), '[]'::jsonb) AS groups,
           ${CONFIG_VERSION_SQL} AS config_version
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = $1::text`,
};

const READ_CONFIG_VERSION = {
  name: "embed_read_config_version",
  text: `SELECT ${CONFIG_VERSION_SQL} AS config_version`,
};

/**
 * The session with this token hash, its user and their groups, and the configuration version —
 * in one round trip, since every authenticated request starts here. Null when no session has that
 * hash; revoked and expired sessions are returned for the caller to refuse with its reason.
 */
export async function findSession(
  db: AppDatabase,
  tokenHash: string,
): Promise<FoundSession | null> {
  const [row] = await getSqlDriver(db).query<SessionRow>(FIND_SESSION, [tokenHash]);
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastSeenAt: row.last_seen_at,
    user: {
      id: row.user_id,
      email: row.email,
      firstName: row.first_name,
      lastName: row.last_name,
      isAdmin: row.is_admin,
      isActive: row.is_active,
      attributes: row.attributes ?? {},
      groups: row.groups,
    },
    configVersion: row.config_version,
  };
}

/**
 * The configuration version: raised by database triggers on every write to groups, data sources,
 * metadata, permissions, policies, grants, collections, cards, dashboards, settings or secret
 * keys (see the
 * `ConfigVersion` model). Anything cached from those tables is valid while this is unchanged.
 */
export async function readConfigVersion(db: AppDatabase): Promise<string> {
  const [row] = await getSqlDriver(db).query<{ config_version: string }>(READ_CONFIG_VERSION, []);
  return row?.config_version ?? "0";
}
