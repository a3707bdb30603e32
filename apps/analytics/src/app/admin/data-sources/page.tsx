import type { Metadata } from "next";
import { listDataSources } from "~/server/admin/data-sources";
import { requireAdminViewer } from "~/server/sessions/require-admin-viewer";
import { ConfirmDeleteButton } from "../_components/confirm-delete-button";
import {
  sectionCardStyle as card,
  cellStyle as cell,
  tableStyle as table,
} from "../_components/styles";
import { AddDataSourceForm } from "./add-data-source-form";
import { EditDataSourceForm } from "./edit-data-source-form";
import { SyncControl, type SyncView } from "./sync-control";

export const metadata: Metadata = { title: "Data sources · Admin console" };

const KIND_TEXT: Record<string, string> = {
  embedded_sample: "Built-in sample",
  url: "Connection URL",
};

/** Dates cross to the client components as ISO strings. */
function toSyncView(sync: Awaited<ReturnType<typeof listDataSources>>[number]["sync"]): SyncView {
  return {
    status: sync.status,
    tablesDone: sync.tablesDone,
    tablesTotal: sync.tablesTotal,
    finishedAt: sync.finishedAt?.toISOString() ?? null,
    error: sync.error,
    summary: sync.summary,
  };
}

/** `/admin/data-sources`: the warehouses the server queries — add, test, sync, edit, delete. */
export default async function AdminDataSourcesPage() {
  await requireAdminViewer();
  const sources = await listDataSources();

  return (
    <div style={{ display: "grid", gap: 16 }}>
      <h1 style={{ fontSize: 22, margin: "4px 0 0" }}>Data sources</h1>

      <section aria-labelledby="sources-title" style={card}>
        <h2 id="sources-title" style={{ fontSize: 16, margin: 0 }}>
          Connected warehouses
        </h2>
        {sources.length === 0 ? (
          <p style={{ margin: 0, color: "#475569" }} data-testid="data-sources-empty">
            No data sources yet: add a PostgreSQL warehouse below.
          </p>
        ) : (
          <div style={{ overflowX: "auto" }}>
            <table style={table} data-testid="data-sources">
              <thead>
                <tr>
                  <th scope="col" style={cell}>
                    Name
                  </th>
                  <th scope="col" style={cell}>
                    Engine and kind
                  </th>
                  <th scope="col" style={cell}>
                    Tables
                  </th>
                  <th scope="col" style={cell}>
                    Last sync
                  </th>
                  <th scope="col" style={cell}>
                    Sync
                  </th>
                  <th scope="col" style={cell}>
                    Actions
                  </th>
                </tr>
              </thead>
              <tbody>
                {sources.map((source) => (
                  <tr key={source.id} data-testid={`data-source-${source.name}`}>
                    <td style={cell}>
                      <a href={`/admin/data-sources/${source.id}`}>{source.name}</a>
                    </td>
                    <td style={cell}>
                      PostgreSQL
                      <div style={{ color: "#475569", fontSize: 12 }}>
                        {KIND_TEXT[source.kind] ?? source.kind}
                      </div>
                    </td>
                    <td style={cell} data-testid="data-source-tables">
                      {source.tableCount}
                    </td>
                    <td style={cell}>
                      {source.syncedAt
                        ? `${source.syncedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`
                        : "Never"}
                    </td>
                    <td style={{ ...cell, minWidth: 170 }}>
                      <SyncControl
                        id={source.id}
                        name={source.name}
                        initial={toSyncView(source.sync)}
                      />
                    </td>
                    <td style={cell}>
                      <div style={{ display: "grid", gap: 6 }}>
                        <EditDataSourceForm
                          id={source.id}
                          name={source.name}
                          hasUrl={source.kind === "url"}
                        />
                        <ConfirmDeleteButton
                          path={`/api/admin/data-sources/${source.id}`}
                          question={`Delete the data source "${source.name}"? Its synced tables, permissions and policies are deleted with it.`}
                          label={`Delete ${source.name}`}
                          testId={`delete-source-${source.id}`}
                        />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="add-source-title" style={card}>
        <h2 id="add-source-title" style={{ fontSize: 16, margin: 0 }}>
          Add a data source
        </h2>
        <p style={{ margin: 0, color: "#475569" }}>
          A PostgreSQL database reached by URL. Test the connection first: the server connects and
          reads the schema without saving anything.
        </p>
        <AddDataSourceForm />
      </section>
    </div>
  );
}
