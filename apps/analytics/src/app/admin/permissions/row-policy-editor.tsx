"use client";

import { type FormEvent, useId, useState } from "react";
import { PreviewSqlViewSchema, PutRowPolicySchema } from "~/shared/admin-schemas/policies";
import { ActionMessage } from "../_components/action-message";
import { ConfirmDeleteButton } from "../_components/confirm-delete-button";
import {
  fieldStyle,
  inlineFormStyle,
  labelStyle,
  primaryButton,
  secondaryButton,
} from "../_components/styles";
import { useAdminAction } from "../_components/use-admin-action";
import { RadioChoice } from "./choices";
import { BoundParameters, ResultTable, sqlBlockStyle } from "./result-table";

export interface RowPolicyView {
  kind: "column_attribute" | "sql_view";
  columnId: number | null;
  columnName: string | null;
  attributeName: string | null;
  sql: string | null;
}

interface ViewPreview {
  sql: string;
  parameters: unknown[];
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
}

/** Parses the typed attribute set; a message instead when it is not a JSON object. */
export function parseAttributes(text: string): Record<string, unknown> | string {
  try {
    const parsed: unknown = JSON.parse(text.trim() === "" ? "{}" : text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Falls through to the message below.
  }
  return 'Type the attributes as a JSON object, e.g. {"primary_id": 1}.';
}

/**
 * A sandboxed cell's row policy: `column = {{attribute}}`, or a SQL view whose placeholders the
 * server checks on saving (and whose rows "Preview" shows for attribute values typed here).
 */
export function RowPolicyEditor(props: {
  groupId: number;
  groupName: string;
  tableId: number;
  tableName: string;
  columns: { id: number; name: string }[];
  policy: RowPolicyView | null;
  knownAttributes: string[];
}) {
  const ids = useId();
  const [kind, setKind] = useState<RowPolicyView["kind"]>(props.policy?.kind ?? "column_attribute");
  const [columnId, setColumnId] = useState(String(props.policy?.columnId ?? ""));
  const [attributeName, setAttributeName] = useState(props.policy?.attributeName ?? "");
  const [sql, setSql] = useState(props.policy?.sql ?? `SELECT * FROM ${props.tableName} WHERE `);
  const [previewAttributes, setPreviewAttributes] = useState("{}");
  const [preview, setPreview] = useState<ViewPreview | null>(null);
  const save = useAdminAction();
  const tryView = useAdminAction();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (kind === "column_attribute" && columnId === "") {
      save.refuse("Choose the column to filter on.");
      return;
    }
    const body =
      kind === "column_attribute"
        ? {
            groupId: props.groupId,
            tableId: props.tableId,
            kind,
            columnId: Number(columnId),
            attributeName,
          }
        : { groupId: props.groupId, tableId: props.tableId, kind, sql };
    await save.run<{ attributesNotSeen: string[] }>(
      "/api/admin/policies/row",
      { method: "PUT", body },
      {
        schema: PutRowPolicySchema,
        success: (saved) =>
          saved.attributesNotSeen.length === 0
            ? "Row policy saved."
            : `Row policy saved. No user or mapping has the attribute ${saved.attributesNotSeen.map((name) => `"${name}"`).join(", ")} yet: a viewer whose token lacks it gets no rows.`,
      },
    );
  }

  async function runPreview() {
    setPreview(null);
    const attributes = parseAttributes(previewAttributes);
    if (typeof attributes === "string") {
      tryView.refuse(attributes);
      return;
    }
    const result = await tryView.run<ViewPreview>(
      "/api/admin/policies/row/preview",
      { method: "POST", body: { tableId: props.tableId, sql, attributes } },
      {
        schema: PreviewSqlViewSchema,
        refresh: false,
        success: (body) =>
          `${body.rows.length}${body.truncated ? "+" : ""} row(s) through the view (not saved).`,
      },
    );
    if (result?.ok) setPreview(result.body);
  }

  return (
    <div style={{ display: "grid", gap: 12 }} data-testid="row-policy-editor">
      <form onSubmit={submit} style={{ display: "grid", gap: 12 }}>
        <RadioChoice
          legend="Rows this group sees"
          name={`${ids}-kind`}
          value={kind}
          options={[
            { value: "column_attribute", label: "Column = attribute" },
            { value: "sql_view", label: "SQL view" },
          ]}
          onChange={setKind}
        />

        {kind === "column_attribute" ? (
          <div style={inlineFormStyle}>
            <label style={labelStyle}>
              Column of {props.tableName}
              <select
                value={columnId}
                onChange={(event) => setColumnId(event.target.value)}
                style={fieldStyle}
                data-testid="row-policy-column"
              >
                <option value="">Choose a column</option>
                {props.columns.map((column) => (
                  <option key={column.id} value={column.id}>
                    {column.name}
                  </option>
                ))}
              </select>
            </label>
            <span style={{ alignSelf: "center", paddingTop: 20 }} aria-hidden="true">
              =
            </span>
            <label style={labelStyle}>
              User attribute
              <input
                value={attributeName}
                onChange={(event) => setAttributeName(event.target.value)}
                list={`${ids}-attributes`}
                placeholder="primary_id"
                style={fieldStyle}
                data-testid="row-policy-attribute"
              />
            </label>
            <datalist id={`${ids}-attributes`}>
              {props.knownAttributes.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </div>
        ) : (
          <label style={labelStyle}>
            SQL view (use {"{{attribute}}"} placeholders; it must select every column of{" "}
            {props.tableName})
            <textarea
              value={sql}
              onChange={(event) => setSql(event.target.value)}
              rows={4}
              spellCheck={false}
              style={{
                ...fieldStyle,
                fontFamily: "monospace",
                width: "100%",
                boxSizing: "border-box",
              }}
              data-testid="row-policy-sql"
            />
          </label>
        )}
        <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
          <button type="submit" disabled={save.pending} style={primaryButton}>
            {save.pending ? "Saving…" : "Save row policy"}
          </button>
          <ActionMessage outcome={save.outcome} testId="row-policy" />
        </div>
      </form>

      {kind === "sql_view" ? (
        <div style={{ display: "grid", gap: 8 }} data-testid="sql-view-preview">
          <div style={inlineFormStyle}>
            <label style={labelStyle}>
              Attributes to preview with (JSON)
              <input
                value={previewAttributes}
                onChange={(event) => setPreviewAttributes(event.target.value)}
                placeholder='{"primary_id": 1}'
                spellCheck={false}
                style={{ ...fieldStyle, fontFamily: "monospace" }}
                data-testid="sql-view-attributes"
              />
            </label>
            <button
              type="button"
              onClick={runPreview}
              disabled={tryView.pending}
              style={secondaryButton}
            >
              {tryView.pending ? "Running…" : "Preview"}
            </button>
          </div>
          <ActionMessage outcome={tryView.outcome} testId="sql-view-preview" />
          {preview ? (
            <>
              <pre style={sqlBlockStyle} data-testid="sql-view-preview-sql">
                {preview.sql}
              </pre>
              <BoundParameters
                parameters={preview.parameters}
                testId="sql-view-preview-parameters"
              />
              <ResultTable
                columns={preview.columns}
                rows={preview.rows}
                caption={`${props.tableName} through the view`}
                testId="sql-view-preview-rows"
              />
            </>
          ) : null}
        </div>
      ) : null}

      {props.policy ? (
        <ConfirmDeleteButton
          path={`/api/admin/policies/row?groupId=${props.groupId}&tableId=${props.tableId}`}
          question={`Delete the row policy of ${props.groupName} on ${props.tableName}? The table stays sandboxed: the group then gets no rows of it.`}
          label={`Delete the row policy of ${props.groupName} on ${props.tableName}`}
          testId="row-policy-delete"
        />
      ) : null}
    </div>
  );
}
