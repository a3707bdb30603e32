import type { Metadata } from "next";
import { listGroupMappings, listGroups } from "~/server/admin/groups";
import { listUsers } from "~/server/admin/users";
import { requireAdminViewer } from "~/server/sessions/require-admin-viewer";
import { ConfirmDeleteButton } from "../_components/confirm-delete-button";
import {
  cellStyle,
  fieldStyle,
  primaryButton,
  sectionCardStyle,
  tableStyle,
} from "../_components/styles";
import { AddToGroupForm } from "./add-to-group-form";
import { CreateGroupForm } from "./create-group-form";
import { GroupMappingForm } from "./group-mapping-form";
import { RenameGroupForm } from "./rename-group-form";
import { RevokeSessionsButton } from "./revoke-sessions-button";
import { UserStatusButton } from "./user-status-button";

export const metadata: Metadata = { title: "People and groups · Admin console" };

const card = sectionCardStyle;
const table = tableStyle;
const cell = cellStyle;

/** Why the user is in a group. */
const SOURCE_TEXT: Record<string, string> = {
  mapping: "via a mapping",
  sso_groups_claim: "from the token's groups",
  manual: "added by hand",
};

function describeAttributes(attributes: unknown): string {
  if (!attributes || typeof attributes !== "object") return "—";
  const entries = Object.entries(attributes as Record<string, unknown>);
  if (entries.length === 0) return "—";
  return entries
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(", ");
}

/**
 * `/admin/people`: users (search, deactivate, reactivate, end sessions, add to a group by hand,
 * remove a manual membership), groups and attribute → group mappings.
 */
export default async function AdminPeoplePage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string | string[] }>;
}) {
  const viewer = await requireAdminViewer();
  const raw = (await searchParams).q;
  const search = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? "";
  const [users, groups, mappings] = await Promise.all([
    listUsers({ search }),
    listGroups(),
    listGroupMappings(),
  ]);
  const mappableGroups = groups.filter((group) => !group.isAdminGroup);
  // Admin-only memberships are not managed here (the API refuses them): no Remove on those.
  const adminGroupIds = new Set(groups.filter((group) => group.isAdminGroup).map((g) => g.id));

  return (
    <div style={{ display: "grid", gap: 16 }}>
      <h1 style={{ fontSize: 22, margin: "4px 0 0" }}>People and groups</h1>

      <section aria-labelledby="users-title" style={card}>
        <h2 id="users-title" style={{ fontSize: 16, margin: 0 }}>
          Users
        </h2>
        <form method="get" style={{ display: "flex", gap: 8, alignItems: "end", flexWrap: "wrap" }}>
          <label style={{ display: "grid", gap: 4, fontWeight: 600 }}>
            Search by email or name
            <input type="search" name="q" defaultValue={search} style={fieldStyle} />
          </label>
          <button type="submit" style={primaryButton}>
            Search
          </button>
        </form>
        {users.length === 0 ? (
          <p style={{ margin: 0, color: "#475569" }} data-testid="users-empty">
            {search ? `No user's email or name contains "${search}".` : "No users yet."}
          </p>
        ) : (
          <div style={{ overflowX: "auto" }}>
            <table style={table} data-testid="users">
              <thead>
                <tr>
                  <th scope="col" style={cell}>
                    User
                  </th>
                  <th scope="col" style={cell}>
                    Attributes
                  </th>
                  <th scope="col" style={cell}>
                    Groups
                  </th>
                  <th scope="col" style={cell}>
                    Sessions
                  </th>
                  <th scope="col" style={cell}>
                    Status
                  </th>
                  <th scope="col" style={cell}>
                    Action
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.map((user) => {
                  const name = [user.firstName, user.lastName].filter(Boolean).join(" ");
                  return (
                    <tr key={user.id} data-testid={`user-${user.email}`}>
                      <td style={cell}>
                        {user.email}
                        {name ? <div style={{ color: "#475569" }}>{name}</div> : null}
                        <div style={{ color: "#475569", fontSize: 12 }}>
                          {user.lastLoginAt
                            ? `Last sign-in ${user.lastLoginAt.toISOString().slice(0, 16).replace("T", " ")} UTC`
                            : "Never signed in"}
                        </div>
                      </td>
                      <td style={{ ...cell, fontFamily: "monospace", fontSize: 13 }}>
                        {describeAttributes(user.attributes)}
                      </td>
                      <td style={cell} data-testid="user-groups">
                        {user.groups.length === 0 ? (
                          <span style={{ color: "#475569" }}>No group</span>
                        ) : (
                          <ul
                            style={{
                              margin: 0,
                              padding: 0,
                              listStyle: "none",
                              display: "grid",
                              gap: 4,
                            }}
                          >
                            {user.groups.map((group) => (
                              <li
                                key={`${group.id}-${group.source}`}
                                data-testid={`membership-${group.name}-${group.source}`}
                                style={{
                                  display: "flex",
                                  gap: 6,
                                  flexWrap: "wrap",
                                  alignItems: "center",
                                }}
                              >
                                <span>
                                  {group.name}{" "}
                                  <span style={{ color: "#475569", fontSize: 12 }}>
                                    ({SOURCE_TEXT[group.source] ?? group.source})
                                  </span>
                                </span>
                                {group.source === "manual" && !adminGroupIds.has(group.id) ? (
                                  <ConfirmDeleteButton
                                    path={`/api/admin/groups/${group.id}/members/${user.id}`}
                                    question={`Remove ${user.email} from "${group.name}"? They lose what it grants at their next request (a mapping or their token's groups may still grant it).`}
                                    label={`Remove ${user.email} from ${group.name}`}
                                    testId={`remove-membership-${user.id}-${group.id}`}
                                    text={{ idle: "Remove", pending: "Removing…" }}
                                  />
                                ) : null}
                              </li>
                            ))}
                          </ul>
                        )}
                        {user.isAdmin ? null : (
                          <AddToGroupForm
                            userId={user.id}
                            email={user.email}
                            groups={mappableGroups
                              .filter(
                                (group) =>
                                  !user.groups.some(
                                    (held) => held.id === group.id && held.source === "manual",
                                  ),
                              )
                              .map((group) => ({ id: group.id, name: group.name }))}
                          />
                        )}
                      </td>
                      <td style={cell} data-testid="user-sessions">
                        {user.activeSessions}
                      </td>
                      <td style={cell} data-testid="user-status">
                        {user.isActive ? "Active" : "Deactivated"}
                        {user.isAdmin ? " · admin" : ""}
                      </td>
                      <td style={cell}>
                        {user.id === viewer.user.id ? (
                          <span style={{ color: "#475569" }}>You</span>
                        ) : (
                          <div style={{ display: "grid", gap: 6 }}>
                            <UserStatusButton
                              id={user.id}
                              email={user.email}
                              isActive={user.isActive}
                            />
                            {user.activeSessions > 0 ? (
                              <RevokeSessionsButton id={user.id} email={user.email} />
                            ) : null}
                          </div>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="groups-title" style={card}>
        <h2 id="groups-title" style={{ fontSize: 16, margin: 0 }}>
          Groups
        </h2>
        <table style={table} data-testid="groups">
          <thead>
            <tr>
              <th scope="col" style={cell}>
                Group
              </th>
              <th scope="col" style={cell}>
                Members
              </th>
              <th scope="col" style={cell}>
                About
              </th>
              <th scope="col" style={cell}>
                Action
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <tr key={group.id} data-testid={`group-${group.name}`}>
                <td style={cell}>{group.name}</td>
                <td style={cell}>{group.memberCount}</td>
                <td style={{ ...cell, color: "#475569" }}>
                  {group.isAdminGroup
                    ? "Administrators: granted by an admin, never by an SSO attribute."
                    : (group.description ?? "")}
                </td>
                <td style={cell}>
                  {group.isAdminGroup ? null : (
                    <ConfirmDeleteButton
                      path={`/api/admin/groups/${group.id}`}
                      question={`Delete the group "${group.name}"? Its ${group.memberCount} member(s) lose the data it grants, and its mappings and permissions are deleted with it.`}
                      label={`Delete the group ${group.name}`}
                      testId={`group-${group.id}`}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <CreateGroupForm />
        <RenameGroupForm
          groups={mappableGroups.map((group) => ({ id: group.id, name: group.name }))}
        />
      </section>

      <section aria-labelledby="mappings-title" style={card}>
        <h2 id="mappings-title" style={{ fontSize: 16, margin: 0 }}>
          Attribute → group mappings
        </h2>
        <p style={{ margin: 0, color: "#475569" }}>
          A user whose SSO token carries the attribute with that value joins the group at their next
          sign-in. "Users matching": active SSO users whose last sign-in carried it.
        </p>
        {mappings.length === 0 ? (
          <p style={{ margin: 0, color: "#475569" }} data-testid="mappings-empty">
            No mappings yet.
          </p>
        ) : (
          <table style={table} data-testid="mappings">
            <thead>
              <tr>
                <th scope="col" style={cell}>
                  Attribute
                </th>
                <th scope="col" style={cell}>
                  Value
                </th>
                <th scope="col" style={cell}>
                  Group
                </th>
                <th scope="col" style={cell}>
                  Users matching
                </th>
                <th scope="col" style={cell}>
                  Action
                </th>
              </tr>
            </thead>
            <tbody>
              {mappings.map((mapping) => {
                const rule = `${mapping.attribute} = ${mapping.value} → ${mapping.group.name}`;
                return (
                  <tr key={mapping.id} data-testid={`mapping-${rule}`}>
                    <td style={{ ...cell, fontFamily: "monospace" }}>{mapping.attribute}</td>
                    <td style={{ ...cell, fontFamily: "monospace" }}>{mapping.value}</td>
                    <td style={cell}>{mapping.group.name}</td>
                    <td style={cell} data-testid="mapping-users">
                      {mapping.matchingUsers}
                    </td>
                    <td style={cell}>
                      <ConfirmDeleteButton
                        path={`/api/admin/group-mappings/${mapping.id}`}
                        question={`Delete the mapping ${rule}? It stops applying at the next login.`}
                        label={`Delete the mapping ${rule}`}
                        testId={`mapping-${mapping.id}`}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <GroupMappingForm
          groups={mappableGroups.map((group) => ({ id: group.id, name: group.name }))}
        />
      </section>
    </div>
  );
}
