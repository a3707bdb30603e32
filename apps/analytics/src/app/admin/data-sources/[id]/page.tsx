import { SemanticTypeSchema } from "@embed/query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDataSource } from "~/server/admin/data-sources";
import { ApiError } from "~/server/http/api-error";
import { requireAdminViewer } from "~/server/sessions/require-admin-viewer";
import { sectionCardStyle as card } from "../../_components/styles";
import { ColumnMetadataForm } from "./column-metadata-form";
import { TableMetadataForm } from "./table-metadata-form";

export const metadata: Metadata = { title: "Data source · Admin console" };

async function readDataSource(rawId: string) {
  if (!/^[1-9][0-9]{0,9}$/.test(rawId)) notFound();
  try {
    return await getDataSource(Number(rawId));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
}

/**
 * `/admin/data-sources/:id`: the synced tables and columns with their curated names, semantic
 * types and visibility. A sync keeps these edits.
 */
export default async function AdminDataSourcePage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminViewer();
  const source = await readDataSource((await params).id);

  return (
    <div style={{ display: "grid", gap: 16 }}>
      <p style={{ margin: 0 }}>
        <a href="/admin/data-sources">← Data sources</a>
      </p>
      <h1 style={{ fontSize: 22, margin: 0 }}>{source.name}</h1>
      <p style={{ margin: 0, color: "#475569" }}>
        PostgreSQL · {source.kind === "url" ? "connection URL" : "built-in sample"} ·{" "}
        {source.tableCount} visible tables · last synced{" "}
        {source.syncedAt
          ? `${source.syncedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`
          : "never"}
      </p>
      <p style={{ margin: 0, color: "#475569", fontSize: 14 }} data-testid="hiding-note">
        Hiding a table or column is presentation only: it leaves the metadata that query builders
        and pickers show. Who may read which rows and columns is decided by data permissions and
        column policies.
      </p>
      {source.tables.length === 0 ? (
        <p style={{ margin: 0, color: "#475569" }} data-testid="tables-empty">
          No tables synced yet: sync the data source from the list.
        </p>
      ) : (
        source.tables.map((table) => (
          <section
            key={table.id}
            aria-labelledby={`table-${table.id}-title`}
            style={card}
            data-testid={`table-${table.name}`}
          >
            <h2 id={`table-${table.id}-title`} style={{ fontSize: 16, margin: 0 }}>
              <code>
                {table.schema}.{table.name}
              </code>
              {table.missingFromWarehouse ? (
                <span style={{ color: "#b45309", fontSize: 13, fontWeight: 400 }}>
                  {" "}
                  · not found by the latest sync
                </span>
              ) : null}
            </h2>
            <TableMetadataForm
              id={table.id}
              name={table.name}
              displayName={table.displayName}
              description={table.description}
              hiddenByAdmin={table.hiddenByAdmin}
            />
            <h3 style={{ fontSize: 14, margin: "8px 0 0" }}>Columns</h3>
            <div>
              {table.columns.map((column) => (
                <ColumnMetadataForm
                  key={column.id}
                  id={column.id}
                  table={table.name}
                  name={column.name}
                  databaseType={column.databaseType}
                  displayName={column.displayName}
                  semanticType={column.semanticType}
                  visible={column.visible}
                  semanticTypes={SemanticTypeSchema.options}
                />
              ))}
            </div>
          </section>
        ))
      )}
    </div>
  );
}
