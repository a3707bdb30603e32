import type { Metadata } from "next";
import { listDataSources } from "~/server/admin/data-sources";
import { getPermissionGrid } from "~/server/admin/permissions";
import { knownAttributeNames } from "~/server/admin/policies";
import { listPreviewTargets } from "~/server/admin/preview-as";
import { requireAdminViewer } from "~/server/sessions/require-admin-viewer";
import { fieldStyle, primaryButton, sectionCardStyle } from "../_components/styles";
import { ColumnPicker } from "./column-picker";
import { LevelSelect } from "./level-select";
import { RowPolicyEditor } from "./row-policy-editor";
import { ViewAsPanel } from "./view-as-panel";

export const metadata: Metadata = { title: "Data permissions · Admin console" };

const card = { ...sectionCardStyle, minWidth: 0 } as const;
const cell = {
  textAlign: "left",
  padding: "6px 8px",
  borderBottom: "1px solid #e2e8f0",
  verticalAlign: "top",
  minWidth: 130,
} as const;
const muted = { margin: 0, color: "#475569" } as const;
const WARNING_STYLE = {
  every_row: { background: "#fef3c7", color: "#78350f" },
  no_rows: { background: "#fee2e2", color: "#991b1b" },
} as const;

/** What a sandboxed cell's link says: its row policy in short, or that it has none. */
function policyLinkText(
  rowPolicy: { kind: string; columnName: string | null; attributeName: string | null } | null,
) {
  if (!rowPolicy) return "Set row policy";
  if (rowPolicy.kind === "sql_view") return "SQL view";
  return `${rowPolicy.columnName} = {{${rowPolicy.attributeName}}}`;
}

function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function positiveId(value: string | undefined): number | null {
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * `/admin/permissions`: the groups × tables grid of a data source, the row and column policies of
 * a sandboxed cell, the cells worth a second look (every row open, or closed for lack of a row
 * policy), and "view as".
 */
export default async function AdminPermissionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdminViewer();
  const params = await searchParams;
  const sources = await listDataSources();
  const heading = <h1 style={{ fontSize: 22, margin: "4px 0 0" }}>Data permissions</h1>;
  if (sources.length === 0) {
    return (
      <div style={{ display: "grid", gap: 16 }}>
        {heading}
        <p style={muted} data-testid="permissions-empty">
          There is no data source yet: <a href="/admin/data-sources">add and sync one</a> first,
          then give groups access to its tables here.
        </p>
      </div>
    );
  }
  const requested = positiveId(firstParam(params.dataSourceId));
  const source = sources.find((candidate) => candidate.id === requested) ?? sources[0];
  if (!source) return null;
  const [grid, knownAttributes, targets] = await Promise.all([
    getPermissionGrid(source.id),
    knownAttributeNames(),
    listPreviewTargets(source.id),
  ]);

  const selectedGroupId = positiveId(firstParam(params.groupId));
  const selectedTableId = positiveId(firstParam(params.tableId));
  const selectedGroup = grid.groups.find((group) => group.id === selectedGroupId);
  const selectedTable = grid.tables.find((table) => table.id === selectedTableId);
  const selectedCell = selectedGroup?.permissions.find((p) => p.tableId === selectedTable?.id);
  const warnings = grid.groups.flatMap((group) =>
    group.permissions.flatMap((permission) => {
      const table = grid.tables.find((candidate) => candidate.id === permission.tableId);
      return permission.warning && table
        ? [{ group: group.name, table: table.name, ...permission.warning }]
        : [];
    }),
  );
  const cellKey = `${selectedGroup?.id}:${selectedTable?.id}`;
  const cellTarget = {
    groupId: selectedGroup?.id ?? 0,
    groupName: selectedGroup?.name ?? "",
    tableId: selectedTable?.id ?? 0,
    tableName: selectedTable?.name ?? "",
  };
  const cellHref = (groupId: number, tableId: number) =>
    `/admin/permissions?dataSourceId=${grid.dataSourceId}&groupId=${groupId}&tableId=${tableId}#policy-editor`;

  return (
    <div style={{ display: "grid", gap: 16, minWidth: 0 }}>
      {heading}
      <p style={muted}>
        What each group reads of each table: <strong>none</strong> (the table does not exist for
        them), <strong>full</strong> (every row), or <strong>sandboxed</strong> (only the rows its
        row policy lets through, and the columns its column policy lists). A member of several
        groups gets the widest access. Changes apply at each member's next request.
      </p>

      {sources.length > 1 ? (
        <form method="get" style={{ display: "flex", gap: 8, alignItems: "end", flexWrap: "wrap" }}>
          <label style={{ display: "grid", gap: 4, fontWeight: 600 }}>
            Data source
            <select name="dataSourceId" defaultValue={source.id} style={fieldStyle}>
              {sources.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" style={primaryButton}>
            Show
          </button>
        </form>
      ) : null}

      <section aria-labelledby="grid-title" style={card}>
        <h2 id="grid-title" style={{ fontSize: 16, margin: 0 }}>
          Groups × tables of {source.name}
        </h2>
        {grid.tables.length === 0 ? (
          <p style={muted} data-testid="permissions-no-tables">
            No table of {source.name} is synced yet:{" "}
            <a href="/admin/data-sources">sync it on the data sources page</a>.
          </p>
        ) : grid.groups.length === 0 ? (
          <p style={muted} data-testid="permissions-no-groups">
            There is no group to give access to yet:{" "}
            <a href="/admin/people">create one under People and groups</a>.
          </p>
        ) : (
          // Scrolls sideways inside its own box when the tables do not fit; its selects take focus.
          <div style={{ overflowX: "auto", maxWidth: "100%" }} data-testid="permission-grid-scroll">
            <table
              style={{ borderCollapse: "collapse", fontSize: 14 }}
              data-testid="permission-grid"
            >
              <thead>
                <tr>
                  <th scope="col" style={cell}>
                    Group
                  </th>
                  {grid.tables.map((table) => (
                    <th key={table.id} scope="col" style={cell}>
                      <span style={{ fontFamily: "monospace" }}>{table.name}</span>
                      {table.visible ? null : (
                        <div style={{ fontWeight: 400, color: "#475569", fontSize: 12 }}>
                          hidden since the last sync
                        </div>
                      )}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {grid.groups.map((group) => (
                  <tr key={group.id} data-testid={`grid-row-${group.name}`}>
                    <th scope="row" style={cell}>
                      {group.name}
                    </th>
                    {group.permissions.map((permission) => {
                      const table = grid.tables.find((t) => t.id === permission.tableId);
                      if (!table) return null;
                      const selected =
                        group.id === selectedGroup?.id && table.id === selectedTable?.id;
                      return (
                        <td
                          key={table.id}
                          style={{ ...cell, background: selected ? "#eff6ff" : undefined }}
                          data-testid={`cell-${group.name}-${table.name}`}
                        >
                          <div style={{ display: "grid", gap: 4 }}>
                            <LevelSelect
                              groupId={group.id}
                              groupName={group.name}
                              tableId={table.id}
                              tableName={table.name}
                              level={permission.level}
                            />
                            {permission.warning ? (
                              <span
                                style={{
                                  ...WARNING_STYLE[permission.warning.kind],
                                  fontSize: 12,
                                  padding: "2px 6px",
                                  borderRadius: 4,
                                }}
                                data-testid="cell-warning"
                              >
                                {permission.warning.kind === "no_rows"
                                  ? "No row policy: no rows"
                                  : "Every row"}
                              </span>
                            ) : null}
                            {permission.level === "sandboxed" ? (
                              <a
                                href={cellHref(group.id, table.id)}
                                aria-label={`${policyLinkText(permission.rowPolicy)} (policies of ${group.name} on ${table.name})`}
                                style={{ fontSize: 13 }}
                              >
                                {policyLinkText(permission.rowPolicy)}
                              </a>
                            ) : null}
                          </div>
                        </td>
                      );
                    })}
                  </tr>
                ))}
                {grid.adminGroups.map((group) => (
                  <tr key={group.id} data-testid={`grid-row-${group.name}`}>
                    <th scope="row" style={cell}>
                      {group.name}
                    </th>
                    {grid.tables.map((table) => (
                      <td key={table.id} style={{ ...cell, color: "#475569" }}>
                        full (admins)
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {warnings.length > 0 ? (
          <div data-testid="permission-warnings">
            <h3 style={{ fontSize: 14, margin: "0 0 4px" }}>Worth a second look</h3>
            <ul style={{ margin: 0, paddingLeft: 20, display: "grid", gap: 2 }}>
              {warnings.map((warning) => (
                <li key={`${warning.group}:${warning.table}`}>
                  <strong>{warning.group}</strong> on{" "}
                  <span style={{ fontFamily: "monospace" }}>{warning.table}</span>:{" "}
                  {warning.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      {selectedGroup && selectedTable && selectedCell ? (
        <section
          id="policy-editor"
          aria-labelledby="policy-editor-title"
          style={card}
          data-testid="policy-editor"
        >
          <h2 id="policy-editor-title" style={{ fontSize: 16, margin: 0 }}>
            Policies of {selectedGroup.name} on{" "}
            <span style={{ fontFamily: "monospace" }}>{selectedTable.name}</span>
          </h2>
          {selectedCell.level === "sandboxed" ? (
            <>
              <RowPolicyEditor
                // A fresh editor per cell: its fields start from what is stored.
                key={cellKey}
                {...cellTarget}
                columns={selectedTable.columns}
                policy={selectedCell.rowPolicy}
                knownAttributes={knownAttributes}
              />
              <ColumnPicker
                key={cellKey}
                {...cellTarget}
                columns={selectedTable.columns}
                visibleColumnIds={selectedCell.visibleColumnIds}
              />
            </>
          ) : (
            <p style={muted} data-testid="policy-editor-not-sandboxed">
              Row and column policies apply to sandboxed tables: set this cell to sandboxed in the
              grid first (
              {selectedCell.level === "full"
                ? "with full access the group sees every row and column"
                : "with none the table does not exist for the group"}
              ).
            </p>
          )}
        </section>
      ) : null}

      <section aria-labelledby="view-as-title" style={card}>
        <h2 id="view-as-title" style={{ fontSize: 16, margin: 0 }}>
          View as
        </h2>
        <p style={muted}>
          Runs a question or dashboard card exactly as a person would get it — their groups'
          policies and attributes, never yours — and shows the SQL, the values bound into it and the
          rows. Nothing is saved.
        </p>
        {targets.cards.length === 0 && targets.dashcards.length === 0 ? (
          <p style={muted} data-testid="view-as-no-content">
            No question reads from {source.name} yet, so there is nothing to view.
          </p>
        ) : (
          <ViewAsPanel
            groups={grid.groups.map(({ id, name }) => ({ id, name }))}
            cards={targets.cards}
            dashcards={targets.dashcards}
          />
        )}
      </section>
    </div>
  );
}
