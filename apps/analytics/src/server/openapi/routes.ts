import "server-only";

/** Who may call a route: what the OpenAPI document lists as its security. */
export type RouteAccess = "public" | "session" | "admin" | "guest-token";

export interface DocumentedRoute {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI path, `{param}` style. */
  path: string;
  summary: string;
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
    summary: "Exchange a host's SSO JWT for a bearer session token",
    access: "public",
    tag: "Authentication",
  },
  {
    method: "post",
    path: "/api/session/password",
    summary: "Local (administrator) login",
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
    method: "get",
    path: "/api/admin/group-mappings",
    summary: "Attribute-to-group mappings",
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
    summary: "Users (filter by `email`)",
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
    method: "get",
    path: "/api/admin/audit",
    summary: "Audit events, newest first",
    access: "admin",
    tag: "Administration",
  },
  { method: "get", path: "/api/admin/data-sources", summary: "Data sources (never a connection secret)", access: "admin", tag: "Administration" },
  { method: "post", path: "/api/admin/data-sources", summary: "Register a PostgreSQL warehouse (URL stored encrypted, checked by introspection)", access: "admin", tag: "Administration" },
  { method: "get", path: "/api/admin/data-sources/{id}", summary: "A data source with its synced tables and columns (ids for policies)", access: "admin", tag: "Administration" },
  { method: "post", path: "/api/admin/data-sources/{id}/sync", summary: "Re-sync tables and columns; ids stay stable", access: "admin", tag: "Administration" },
  { method: "get", path: "/api/admin/collections", summary: "Collections", access: "admin", tag: "Administration" },
  { method: "post", path: "/api/admin/collections", summary: "Create a collection", access: "admin", tag: "Administration" },
  { method: "patch", path: "/api/admin/collections/{id}", summary: "Rename or move a collection", access: "admin", tag: "Administration" },
  { method: "delete", path: "/api/admin/collections/{id}", summary: "Delete an empty collection", access: "admin", tag: "Administration" },
  { method: "get", path: "/api/admin/cards", summary: "Saved questions", access: "admin", tag: "Administration" },
  { method: "post", path: "/api/admin/cards", summary: "Create a saved question (structured or native)", access: "admin", tag: "Administration" },
  { method: "get", path: "/api/admin/cards/{id}", summary: "A saved question with its query", access: "admin", tag: "Administration" },
  { method: "patch", path: "/api/admin/cards/{id}", summary: "Change a saved question", access: "admin", tag: "Administration" },
  { method: "delete", path: "/api/admin/cards/{id}", summary: "Delete a saved question", access: "admin", tag: "Administration" },
  { method: "get", path: "/api/admin/dashboards", summary: "Dashboards", access: "admin", tag: "Administration" },
  { method: "post", path: "/api/admin/dashboards", summary: "Create a dashboard", access: "admin", tag: "Administration" },
  { method: "get", path: "/api/admin/dashboards/{id}", summary: "A dashboard with its cards and parameter mappings", access: "admin", tag: "Administration" },
  { method: "patch", path: "/api/admin/dashboards/{id}", summary: "Change a dashboard (name, parameters, embedding modes)", access: "admin", tag: "Administration" },
  { method: "delete", path: "/api/admin/dashboards/{id}", summary: "Delete a dashboard", access: "admin", tag: "Administration" },
  { method: "put", path: "/api/admin/dashboards/{id}/cards", summary: "Replace a dashboard's cards, layout and parameter mappings", access: "admin", tag: "Administration" },
  { method: "get", path: "/api/admin/permissions", summary: "Group x table permissions of a data source", access: "admin", tag: "Administration" },
  { method: "put", path: "/api/admin/permissions", summary: "Set a group's permission on a table (none, full, sandboxed)", access: "admin", tag: "Administration" },
  { method: "get", path: "/api/admin/policies", summary: "Row and column policies of a data source", access: "admin", tag: "Administration" },
  { method: "put", path: "/api/admin/policies/row", summary: "Set a row policy (column = {{attribute}} or SQL view)", access: "admin", tag: "Administration" },
  { method: "delete", path: "/api/admin/policies/row", summary: "Remove a row policy", access: "admin", tag: "Administration" },
  { method: "put", path: "/api/admin/policies/column", summary: "Set the columns a group may see on a table", access: "admin", tag: "Administration" },
  { method: "delete", path: "/api/admin/policies/column", summary: "Remove a column policy", access: "admin", tag: "Administration" },
  { method: "get", path: "/api/admin/native-grants", summary: "Groups allowed native SQL per data source", access: "admin", tag: "Administration" },
  { method: "put", path: "/api/admin/native-grants", summary: "Grant native SQL on a data source to a group", access: "admin", tag: "Administration" },
  { method: "delete", path: "/api/admin/native-grants", summary: "Revoke a native SQL grant", access: "admin", tag: "Administration" },
  { method: "get", path: "/api/admin/config", summary: "Export groups, mappings, permissions, policies and content as one JSON document", access: "admin", tag: "Administration" },
  { method: "put", path: "/api/admin/config", summary: "Import such a document, all or nothing", access: "admin", tag: "Administration" },
  { method: "post", path: "/api/admin/preview", summary: "View as: a person's effective policy, compiled SQL and rows for a card", access: "admin", tag: "Administration" },
];
