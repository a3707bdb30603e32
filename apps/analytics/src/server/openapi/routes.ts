import "server-only";

/** Who may call a route: what the OpenAPI document lists as its security. */
export type RouteAccess = "public" | "session" | "admin" | "guest-token";

export interface DocumentedRoute {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI path, `{param}` style. */
  path: string;
  summary: string;
  /** Longer text for the document, where the summary cannot carry the rule. */
  description?: string;
  access: RouteAccess;
  tag: "Health" | "Authentication" | "Content" | "Guest embedding" | "Administration";
}

/**
 * Every public route of the analytics server. A test compares this list with the route files
 * under src/app, so a route cannot be added, removed or renamed without updating the contract.
 */
export const DOCUMENTED_ROUTES: DocumentedRoute[] = [
  {
    method: "get",
    path: "/api/health",
    summary: "Readiness of the server and its app database",
    access: "public",
    tag: "Health",
  },
  {
    method: "get",
    path: "/api/openapi.json",
    summary: "This document",
    access: "public",
    tag: "Health",
  },

  {
    method: "get",
    path: "/auth/sso",
    summary:
      "Full-app SSO: with `jwt`, sign in and redirect to `return_to`; without, redirect to the identity provider",
    access: "public",
    tag: "Authentication",
  },
  {
    method: "post",
    path: "/api/session/sso",
    summary:
      "Exchange a host's SSO JWT for a bearer session token (failures are throttled per client address: 429 `too_many_attempts` with `Retry-After`)",
    access: "public",
    tag: "Authentication",
  },
  {
    method: "post",
    path: "/api/session/password",
    summary:
      "Local (administrator) login; throttled per account and per client address (429 `too_many_attempts` with `Retry-After`)",
    access: "public",
    tag: "Authentication",
  },
  {
    method: "delete",
    path: "/api/session",
    summary: "Revoke the current session",
    access: "session",
    tag: "Authentication",
  },
  {
    method: "get",
    path: "/api/user/current",
    summary: "The signed-in user, their groups and attributes",
    access: "session",
    tag: "Authentication",
  },

  {
    method: "get",
    path: "/api/dashboard/{id}",
    summary: "A dashboard with the cards the viewer may see",
    access: "session",
    tag: "Content",
  },
  {
    method: "post",
    path: "/api/dashboard/{id}/cards/{dashcardId}/query",
    summary: "Run one card of a dashboard with parameter values",
    access: "session",
    tag: "Content",
  },
  {
    method: "post",
    path: "/api/dashboard/{id}/cards/{dashcardId}/drill",
    summary: "Drill-through: the underlying rows of a clicked breakout value",
    access: "session",
    tag: "Content",
  },
  {
    method: "get",
    path: "/api/dashboard/{id}/cards/{dashcardId}/export",
    summary: "The same rows as CSV (`format=csv`)",
    access: "session",
    tag: "Content",
  },
  {
    method: "get",
    path: "/api/dashboard/{id}/params/{slug}/values",
    summary: "Values a dashboard filter may take, policy-filtered",
    access: "session",
    tag: "Content",
  },
  {
    method: "get",
    path: "/api/card/{id}",
    summary: "A saved question",
    access: "session",
    tag: "Content",
  },
  {
    method: "post",
    path: "/api/card/{id}/query",
    summary: "Run a saved question",
    access: "session",
    tag: "Content",
  },
  {
    method: "post",
    path: "/api/dataset",
    summary: "Run an ad-hoc structured query (exploration, drill-through)",
    access: "session",
    tag: "Content",
  },
  {
    method: "get",
    path: "/api/collection/{id}/items",
    summary: "Items of a collection (`root` for the top level) the viewer may see",
    access: "session",
    tag: "Content",
  },
  {
    method: "get",
    path: "/api/metadata",
    summary: "Tables and columns the viewer may query",
    access: "session",
    tag: "Content",
  },

  {
    method: "get",
    path: "/api/embed/dashboard/{token}",
    summary: "The dashboard a guest-embed token opens (editable parameters only)",
    description:
      "Only a dashboard whose guest embedding an admin turned on (`guestEmbeddingEnabled`) opens: otherwise 403 `guest_embedding_disabled`, on this route and on its card queries.",
    access: "guest-token",
    tag: "Guest embedding",
  },
  {
    method: "post",
    path: "/api/embed/dashboard/{token}/cards/{dashcardId}/query",
    summary: "Run a card of a guest-embedded dashboard",
    access: "guest-token",
    tag: "Guest embedding",
  },
  {
    method: "get",
    path: "/api/embed/question/{token}",
    summary: "The question a guest-embed token opens (editable parameters only)",
    description:
      'Token payload `{"resource": {"question": id}, "params": {slug: value}, "exp"}`. A question declares its embedding parameters in its `parameters` (admin API): `[{id, slug, name, type, default, embedding: "locked" | "enabled" | "disabled", target: {column}}]`; each filters the column it names, so a locked one always restricts the question. A locked value must be set by the token and restrict the rows (not blank, empty, null, an object or an open date range): otherwise 400 `guest_parameter_invalid`. Native questions cannot be guest-embedded (404). Only a question whose guest embedding an admin turned on (`guestEmbeddingEnabled`) opens: otherwise 403 `guest_embedding_disabled`, here and on its query route.',
    access: "guest-token",
    tag: "Guest embedding",
  },
  {
    method: "post",
    path: "/api/embed/question/{token}/query",
    summary: "Run a guest-embedded question",
    description:
      'Body `{"parameters": {slug: value}}` with values for `enabled` parameters only: a value for a locked parameter is refused (400 `parameter_locked`), for a disabled one 400 `parameter_disabled`; locked values come only from the token.',
    access: "guest-token",
    tag: "Guest embedding",
  },

  {
    method: "get",
    path: "/api/admin/settings",
    summary: "Effective settings, their sources, and secret metadata (never values)",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "patch",
    path: "/api/admin/settings",
    summary: "Change settings not fixed by the environment",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "post",
    path: "/api/admin/settings/secrets/{name}",
    summary: "Rotate a secret: the new value becomes current, the old one previous",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "delete",
    path: "/api/admin/settings/secrets/{name}/previous",
    summary: "Retire a secret's previous key",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "get",
    path: "/api/admin/groups",
    summary: "Groups",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "post",
    path: "/api/admin/groups",
    summary: "Create a group",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "patch",
    path: "/api/admin/groups/{id}",
    summary: "Rename a group (admin-only groups keep their name)",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "delete",
    path: "/api/admin/groups/{id}",
    summary:
      "Delete a group with its memberships, mappings and permissions (not admin-only groups)",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "get",
    path: "/api/admin/group-mappings",
    summary:
      "Attribute-to-group mappings, each with `matchingUsers`: the active SSO users it matches now",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "post",
    path: "/api/admin/group-mappings",
    summary: "Map `attribute = value` to a group",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "delete",
    path: "/api/admin/group-mappings/{id}",
    summary: "Remove a mapping",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "get",
    path: "/api/admin/users",
    summary: "Users (filter by `email`, or `q`: email or name contains it)",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "patch",
    path: "/api/admin/users/{id}",
    summary: "Deactivate or reactivate a user",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "delete",
    path: "/api/admin/users/{id}/sessions",
    summary: "End all the user's sessions (they may sign in again)",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "delete",
    path: "/api/admin/users/{id}/lockout",
    summary: "Lift the user's login lockout (their failed-password count is forgotten)",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "get",
    path: "/api/admin/login-throttles",
    summary: "Accounts and client addresses with failed logins in the window or a lockout running",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "delete",
    path: "/api/admin/login-throttles/{key}",
    summary: "Lift a lockout by its key, URL-encoded (e.g. `password-address%3A192.0.2.7`)",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "get",
    path: "/api/admin/audit",
    summary: "Audit events, newest first, filtered and paged",
    description:
      "Query: `type`, `email` (the actor's, or the one a refused login named), `attribute` and " +
      "`value` (an actor attribute at the time, e.g. tenant), `from`/`to` (ISO date-times; a " +
      "folded row matches when its first-to-last occurrence overlaps), `limit` (1–1000, default " +
      "100) and `cursor` (the previous page's `nextCursor`). Answers `{ events, nextCursor }`; a " +
      "bad date or cursor is a 400 `bad_request`.",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "get",
    path: "/api/admin/audit/export",
    summary: "The filtered audit events as CSV (same query as the list; at most 50,000 rows)",
    description: "Cells a spreadsheet would run as a formula are prefixed with `'`.",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "get",
    path: "/api/admin/data-sources",
    summary: "Data sources (never a connection secret)",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "post",
    path: "/api/admin/data-sources",
    summary: "Register a PostgreSQL warehouse (URL stored encrypted, checked by introspection)",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "get",
    path: "/api/admin/data-sources/{id}",
    summary: "A data source with its synced tables and columns (ids for policies)",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "post",
    path: "/api/admin/data-sources/test",
    summary: "Test a connection URL (connect and read the schema) without storing anything",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "patch",
    path: "/api/admin/data-sources/{id}",
    summary: "Rename a data source or replace its URL (tested first, stored encrypted)",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "delete",
    path: "/api/admin/data-sources/{id}",
    summary: "Delete a data source (409 while questions use it, or when built in)",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "post",
    path: "/api/admin/data-sources/{id}/sync",
    summary:
      "Start a re-sync of tables and columns (202, progress on the data source); ids stay stable",
    description:
      "Answers 202 with the sync's state; poll GET /api/admin/data-sources/{id}. `?wait=true` answers 200 with the summary when done. 409 `sync_in_progress` while another sync runs; a sync running for over 30 minutes counts as failed.",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "patch",
    path: "/api/admin/tables/{id}",
    summary: "Curate a synced table: display name, description, visible (kept across syncs)",
    description: "Hiding is presentation (metadata and pickers); permissions restrict data.",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "patch",
    path: "/api/admin/columns/{id}",
    summary: "Curate a synced column: display name, semantic type, visible (kept across syncs)",
    description: "Hiding is presentation (metadata and pickers); column policies restrict data.",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "get",
    path: "/api/admin/collections",
    summary: "Collections",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "post",
    path: "/api/admin/collections",
    summary: "Create a collection",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "patch",
    path: "/api/admin/collections/{id}",
    summary: "Rename or move a collection",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "delete",
    path: "/api/admin/collections/{id}",
    summary: "Delete an empty collection",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "get",
    path: "/api/admin/cards",
    summary: "Saved questions",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "post",
    path: "/api/admin/cards",
    summary: "Create a saved question (structured or native)",
    description:
      "`parameters` (optional): the question's own filters for guest question embeds, `[{id, slug, name, type, default, embedding, target: {column}}]`; each target must be a column the question can filter on. `guestEmbeddingEnabled` (optional, default false): whether guest tokens may open it.",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "get",
    path: "/api/admin/cards/{id}",
    summary: "A saved question with its query",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "patch",
    path: "/api/admin/cards/{id}",
    summary: "Change a saved question",
    description:
      "Any field of the create body; `guestEmbeddingEnabled` turns guest embedding of the question on or off (off refuses its guest tokens from the next request on).",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "delete",
    path: "/api/admin/cards/{id}",
    summary: "Delete a saved question",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "get",
    path: "/api/admin/dashboards",
    summary: "Dashboards",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "post",
    path: "/api/admin/dashboards",
    summary: "Create a dashboard",
    description:
      "`guestEmbeddingEnabled` (optional, default false): whether guest tokens may open it.",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "get",
    path: "/api/admin/dashboards/{id}",
    summary: "A dashboard with its cards and parameter mappings",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "patch",
    path: "/api/admin/dashboards/{id}",
    summary: "Change a dashboard (name, parameters, embedding modes)",
    description:
      "A locked parameter (guest embedding) must be mapped to every card that reads a table: a change that leaves one unmapped is refused with 409 `locked_parameter_unmapped`, naming the card. `guestEmbeddingEnabled` turns guest embedding on or off (off refuses its guest tokens from the next request on).",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "delete",
    path: "/api/admin/dashboards/{id}",
    summary: "Delete a dashboard",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "put",
    path: "/api/admin/dashboards/{id}/cards",
    summary: "Replace a dashboard's cards, layout and parameter mappings",
    description:
      "A locked parameter (guest embedding) must be mapped to every card that reads a table: a change that leaves one unmapped is refused with 409 `locked_parameter_unmapped`, naming the card.",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "get",
    path: "/api/admin/permissions",
    summary: "Group x table permissions of a data source",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "put",
    path: "/api/admin/permissions",
    summary: "Set a group's permission on a table (none, full, sandboxed)",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "get",
    path: "/api/admin/policies",
    summary: "Row and column policies of a data source",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "put",
    path: "/api/admin/policies/row",
    summary: "Set a row policy (column = {{attribute}} or SQL view)",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "delete",
    path: "/api/admin/policies/row",
    summary: "Remove a row policy",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "put",
    path: "/api/admin/policies/column",
    summary: "Set the columns a group may see on a table",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "delete",
    path: "/api/admin/policies/column",
    summary: "Remove a column policy",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "get",
    path: "/api/admin/native-grants",
    summary: "Groups allowed native SQL per data source",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "put",
    path: "/api/admin/native-grants",
    summary: "Grant native SQL on a data source to a group",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "delete",
    path: "/api/admin/native-grants",
    summary: "Revoke a native SQL grant",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "get",
    path: "/api/admin/config",
    summary: "Export groups, mappings, permissions, policies and content as one JSON document",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "put",
    path: "/api/admin/config",
    summary: "Import such a document, all or nothing",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "post",
    path: "/api/admin/preview",
    summary: "View as: a person's effective policy, compiled SQL and rows for a card",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "post",
    path: "/api/admin/settings/jwks-check",
    summary: "Fetch a JWKS (`url`, else the configured one) as a login would and list its keys",
    description:
      "Saves nothing. 400 `jwks_url_missing`, `jwks_url_invalid`, `jwks_unreachable` (HTTP status, redirect or network reason) or `jwks_invalid` (not JSON, not a key set, larger than 256 KiB, private key material).",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "post",
    path: "/api/admin/sso/claims-test",
    summary:
      "Claims tester: the groups (and which mapping or claim grants each), policy attributes and per-table access an SSO login with `claims` would get",
    description:
      "Writes nothing (no user, session, used token or audit event). Claims a login would refuse answer 400 with the login's code (`token_email_missing`, `token_attribute_invalid` …).",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "post",
    path: "/api/admin/groups/{id}/members",
    summary: "Add a user to a group by hand (a `manual` membership; not admin-only groups)",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "delete",
    path: "/api/admin/groups/{id}/members/{userId}",
    summary: "Remove a user's manual membership of a group",
    description:
      "409 `membership_not_manual` when the user holds the group only through a mapping or the groups claim; the message names it.",
    access: "admin",
    tag: "Administration",
  },
  {
    method: "post",
    path: "/api/admin/policies/row/preview",
    summary: "Preview a SQL view (not saved) for typed attribute values: its SQL, parameters, rows",
    access: "admin",
    tag: "Administration",
  },
];
