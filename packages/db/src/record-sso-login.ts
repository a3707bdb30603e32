import { getSqlDriver } from "./internal/sql-driver-registry.js";
import { isUniqueViolation } from "./is-unique-violation.js";
import type { AppDatabase } from "./open-app-database.js";

/** A claim value the server accepted as a user attribute. */
export type SsoAttributeValue = string | number | boolean | Array<string | number | boolean>;

export interface SsoLoginInput {
  /** Already normalised (`normalizeEmail`). */
  email: string;
  firstName: string | null;
  lastName: string | null;
  attributes: Record<string, SsoAttributeValue>;
  /** The `groups` claim; honoured only when `groupSync` is on. */
  groups: string[] | null;
  groupSync: boolean;
  /**
   * The token's one-time id (its `jti`, else a hash of the signed part, so tokens without a `jti`
   * are single-use too) and how long to remember it: until the token has expired.
   */
  jti: string;
  jtiExpiresAt: Date;
  session: {
    tokenHash: string;
    kind: "sdk" | "cookie";
    expiresAt: Date;
    userAgent: string | null;
    ip: string | null;
  };
}

export type SsoLoginResult =
  | { status: "signed_in"; userId: number; groups: Array<{ id: number; name: string }> }
  /** The token's id was used before: nothing was written. */
  | { status: "replayed" }
  /** The user exists and is deactivated: nothing was written but the jti. */
  | { status: "deactivated"; userId: number }
  /** The email belongs to a local administrator, who may not sign in through SSO. */
  | { status: "local_admin"; userId: number };

/**
 * THE group-mapping rule, as SQL yielding `(group_id, source)` for the attributes (a jsonb
 * expression) and the claimed group names (a text[] expression): a mapping `attribute = value`
 * matches when the attribute equals the value, or, for a list attribute, contains it (compared
 * as text: 999 matches "999"); the `groups` claim matches groups by name; admin-only groups never
 * match. Used by the login statement and by `findMappedGroups`, so they cannot disagree.
 */
/** THE rule's test of one mapping `m` against the attributes (a jsonb expression). */
function mappingMatchesSql(attributes: string): string {
  return `CASE jsonb_typeof(${attributes} -> m.attribute)
          WHEN 'array' THEN EXISTS (
            SELECT 1 FROM jsonb_array_elements(${attributes} -> m.attribute) AS item
            WHERE item #>> '{}' = m.value)
          ELSE (${attributes} ->> m.attribute) = m.value
        END`;
}

/**
 * THE rule with its reasons: one row `(group_id, source, mapping_id)` per mapping that matches
 * (several mappings may grant one group) and per group the `groups` claim names (`mapping_id`
 * NULL). `mappedGroupsSql` and `explainMappedGroups` both read it.
 */
function mappedGroupReasonsSql(attributes: string, claimedGroups: string): string {
  return `
        SELECT m.group_id, 'mapping'::group_membership_source AS source, m.id AS mapping_id
        FROM group_mappings m JOIN groups g ON g.id = m.group_id AND NOT g.is_admin_group
        WHERE ${mappingMatchesSql(attributes)}
        UNION ALL
        SELECT g.id, 'sso_groups_claim'::group_membership_source, NULL::int
        FROM groups g
        WHERE NOT g.is_admin_group AND g.name = ANY(${claimedGroups})`;
}

function mappedGroupsSql(attributes: string, claimedGroups: string): string {
  return `
        SELECT DISTINCT group_id, source
        FROM (${mappedGroupReasonsSql(attributes, claimedGroups)}) AS reasons`;
}

const FIND_MAPPED_GROUPS = {
  name: "embed_find_mapped_groups",
  text: `
    SELECT g.id, g.name FROM groups g
    WHERE g.id IN (SELECT group_id FROM (${mappedGroupsSql("$1::jsonb", "$2::text[]")}) AS mapped)
    ORDER BY g.name`,
};

/**
 * The groups a login with these attributes (and, with group sync, this `groups` claim) would be
 * given — without signing anyone in. For previews ("view as" an attribute set).
 */
export async function findMappedGroups(
  db: AppDatabase,
  attributes: Record<string, unknown>,
  claimedGroups: string[] = [],
): Promise<Array<{ id: number; name: string }>> {
  return getSqlDriver(db).query<{ id: number; name: string }>(FIND_MAPPED_GROUPS, [
    JSON.stringify(attributes),
    claimedGroups,
  ]);
}

const EXPLAIN_MAPPED_GROUPS = {
  name: "embed_explain_mapped_groups",
  text: `
    SELECT g.id AS group_id, g.name AS group_name, r.source::text AS source,
           m.id AS mapping_id, m.attribute, m.value
    FROM (${mappedGroupReasonsSql("$1::jsonb", "$2::text[]")}) AS r
    JOIN groups g ON g.id = r.group_id
    LEFT JOIN group_mappings m ON m.id = r.mapping_id
    ORDER BY g.name, r.source, m.attribute, m.value`,
};

/** Why a login would be given a group: the mapping that matched, or the `groups` claim. */
export type MappedGroupReason =
  | { source: "mapping"; mapping: { id: number; attribute: string; value: string } }
  | { source: "sso_groups_claim" };

/**
 * `findMappedGroups` with its reasons (the same rule, read from the same SQL): each group a login
 * with these attributes and claimed groups would be given, with every reason it would be given
 * it. For the console's claims tester, which must explain rather than only list.
 */
export async function explainMappedGroups(
  db: AppDatabase,
  attributes: Record<string, unknown>,
  claimedGroups: string[] = [],
): Promise<Array<{ id: number; name: string; reasons: MappedGroupReason[] }>> {
  const rows = await getSqlDriver(db).query<{
    group_id: number;
    group_name: string;
    source: "mapping" | "sso_groups_claim";
    mapping_id: number | null;
    attribute: string | null;
    value: string | null;
  }>(EXPLAIN_MAPPED_GROUPS, [JSON.stringify(attributes), claimedGroups]);
  const groups = new Map<number, { id: number; name: string; reasons: MappedGroupReason[] }>();
  for (const row of rows) {
    let group = groups.get(row.group_id);
    if (!group) {
      group = { id: row.group_id, name: row.group_name, reasons: [] };
      groups.set(row.group_id, group);
    }
    group.reasons.push(
      row.source === "mapping"
        ? {
            source: "mapping",
            mapping: {
              id: row.mapping_id as number,
              attribute: row.attribute as string,
              value: row.value as string,
            },
          }
        : { source: "sso_groups_claim" },
    );
  }
  return [...groups.values()];
}

const COUNT_USERS_PER_MAPPING = {
  name: "embed_count_users_per_mapping",
  text: `
    SELECT m.id,
      (SELECT count(*)::int FROM users u
        WHERE u.is_active AND NOT u.is_admin AND ${mappingMatchesSql("u.attributes")}) AS users
    FROM group_mappings m`,
};

/**
 * How many active SSO users each mapping matches on the attributes of their last login (the
 * same rule as the login): mapping id → count. For the console's live count.
 */
export async function countUsersPerMapping(db: AppDatabase): Promise<Map<number, number>> {
  const rows = await getSqlDriver(db).query<{ id: number; users: number }>(
    COUNT_USERS_PER_MAPPING,
    [],
  );
  return new Map(rows.map((row) => [row.id, row.users]));
}

interface LoginRow extends Record<string, unknown> {
  user_id: number | null;
  existing_id: number | null;
  existing_is_active: boolean | null;
  existing_is_admin: boolean | null;
  groups: Array<{ id: number; name: string }> | null;
}

// Parameters: $1 jti, $2 jti expiry, $3 email, $4 first name, $5 last name, $6 attributes (json
// text), $7 claimed groups, $8 session token hash, $9 session kind, $10 session expiry,
// $11 user agent, $12 ip.
const RECORD_SSO_LOGIN = {
  name: "embed_record_sso_login",
  text: `
      WITH
      used AS (
        INSERT INTO used_sso_tokens (jti, expires_at) VALUES ($1::text, $2::timestamptz)
        RETURNING jti
      ),
      -- Each login forgets up to two ids whose tokens have expired, so the table stays the size
      -- of the tokens still alive; SKIP LOCKED keeps concurrent logins from waiting on each other.
      pruned AS (
        DELETE FROM used_sso_tokens WHERE jti IN (
          SELECT jti FROM used_sso_tokens WHERE expires_at < now()
          ORDER BY expires_at LIMIT 2 FOR UPDATE SKIP LOCKED)
      ),
      existing AS (
        SELECT id, is_active, is_admin FROM users WHERE email = $3::text
      ),
      upserted AS (
        INSERT INTO users (email, first_name, last_name, attributes, last_login_at, updated_at)
        VALUES ($3::text, $4::text, $5::text, $6::jsonb, now(), now())
        ON CONFLICT (email) DO UPDATE SET
          first_name = EXCLUDED.first_name,
          last_name = EXCLUDED.last_name,
          attributes = EXCLUDED.attributes,
          last_login_at = EXCLUDED.last_login_at,
          updated_at = EXCLUDED.updated_at
        WHERE users.is_active AND NOT users.is_admin
        RETURNING id
      ),
      desired AS (${mappedGroupsSql("$6::jsonb", "$7::text[]")}),
      removed AS (
        DELETE FROM group_memberships gm USING upserted u
        WHERE gm.user_id = u.id
          AND gm.source IN ('mapping', 'sso_groups_claim')
          AND (gm.group_id, gm.source) NOT IN (SELECT group_id, source FROM desired)
        RETURNING gm.group_id
      ),
      added AS (
        INSERT INTO group_memberships (user_id, group_id, source)
        SELECT u.id, d.group_id, d.source FROM upserted u CROSS JOIN desired d
        ON CONFLICT DO NOTHING
        RETURNING group_id
      ),
      final_groups AS (
        SELECT g.id, g.name FROM groups g
        WHERE EXISTS (SELECT 1 FROM upserted)
          AND (g.id IN (SELECT group_id FROM desired)
            OR g.id IN (SELECT gm.group_id FROM group_memberships gm JOIN upserted u ON gm.user_id = u.id
                        WHERE gm.source = 'manual'))
      ),
      new_session AS (
        INSERT INTO sessions (token_hash, user_id, kind, expires_at, user_agent, ip)
        SELECT $8::text, u.id, $9::session_kind, $10::timestamptz, $11::text, $12::text
        FROM upserted u
        RETURNING id
      ),
      audit AS (
        INSERT INTO audit_events (type, actor_user_id, actor_attributes, resource_type, resource_id, payload)
        SELECT 'user.login', u.id, $6::jsonb, 'session', s.id::text,
               jsonb_build_object(
                 'method', 'sso',
                 'sessionKind', $9::text,
                 'groups', COALESCE((SELECT jsonb_agg(name ORDER BY name) FROM final_groups), '[]'::jsonb))
        FROM upserted u CROSS JOIN new_session s
        RETURNING id
      )
      SELECT
        (SELECT id FROM upserted) AS user_id,
        e.id AS existing_id,
        e.is_active AS existing_is_active,
        e.is_admin AS existing_is_admin,
        (SELECT jsonb_agg(jsonb_build_object('id', id, 'name', name) ORDER BY name) FROM final_groups) AS groups
      FROM (SELECT 1) AS one LEFT JOIN existing e ON true`,
};

/** The token's `groups` claim as a login applies it: only with group sync on (the claims tester too). */
export function honouredGroupClaims(input: Pick<SsoLoginInput, "groups" | "groupSync">): string[] {
  return input.groupSync ? (input.groups ?? []) : [];
}

/**
 * Records an SSO login in ONE statement, atomic on its own: remembers the token's one-time id (a
 * second use fails on the primary key, on any server) and forgets expired ones, creates or updates the user, re-derives their SSO group
 * memberships, starts the session and writes the `user.login` audit event.
 *
 * One round trip instead of a dozen is what makes the exchange fast, and on PostgreSQL it is a
 * prepared statement, planned once per connection; it also keeps the rules in one place:
 * - a mapping `attribute = value` matches when the attribute equals the value, or, for a list
 *   attribute, contains it (compared as text: 999 matches "999");
 * - admin-only groups are never granted by a mapping or the `groups` claim;
 * - only memberships whose source is `mapping` or `sso_groups_claim` are added or removed;
 *   an administrator's `manual` memberships are left alone;
 * - a deactivated user or a local administrator is neither updated nor given a session.
 */
export async function recordSsoLogin(
  db: AppDatabase,
  input: SsoLoginInput,
): Promise<SsoLoginResult> {
  let rows: LoginRow[];
  try {
    rows = await getSqlDriver(db).query<LoginRow>(RECORD_SSO_LOGIN, [
      input.jti,
      input.jtiExpiresAt,
      input.email,
      input.firstName,
      input.lastName,
      JSON.stringify(input.attributes),
      honouredGroupClaims(input),
      input.session.tokenHash,
      input.session.kind,
      input.session.expiresAt,
      input.session.userAgent,
      input.session.ip,
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) return { status: "replayed" };
    throw error;
  }

  const row = rows[0] as LoginRow;
  if (row.user_id !== null)
    return { status: "signed_in", userId: row.user_id, groups: row.groups ?? [] };
  if (row.existing_id !== null && row.existing_is_admin)
    return { status: "local_admin", userId: row.existing_id };
  return { status: "deactivated", userId: row.existing_id as number };
}
