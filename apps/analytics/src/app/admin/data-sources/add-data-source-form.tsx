"use client";

import { type FormEvent, useState } from "react";
import { CreateDataSourceSchema, TestDataSourceSchema } from "~/shared/admin-schemas/data-sources";
import { ActionMessage } from "../_components/action-message";
import {
  fieldStyle,
  inlineFormStyle,
  labelStyle,
  primaryButton,
  secondaryButton,
} from "../_components/styles";
import { useAdminAction } from "../_components/use-admin-action";

type TestResult = { ok: true; tables: number; engine: string };

/**
 * Name and connection URL, "Test connection" (connects and reads the schema, stores nothing),
 * then "Save". Both answer with the API's own message — the schema's, or why it did not connect —
 * beside the form; the URL is never shown back.
 */
export function AddDataSourceForm() {
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const test = useAdminAction();
  const save = useAdminAction();

  async function runTest() {
    await test.run<TestResult>(
      "/api/admin/data-sources/test",
      { method: "POST", body: { url } },
      {
        schema: TestDataSourceSchema,
        refresh: false,
        success: (result) =>
          `Connected: ${result.tables} table${result.tables === 1 ? "" : "s"} found (${result.engine}).`,
      },
    );
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await save.run<{ name: string; tableCount: number }>(
      "/api/admin/data-sources",
      { method: "POST", body: { name, url } },
      {
        schema: CreateDataSourceSchema,
        success: (source) => `Added "${source.name}" with ${source.tableCount} tables.`,
      },
    );
    if (result?.ok) {
      setName("");
      setUrl("");
    }
  }

  return (
    <form onSubmit={submit} data-testid="add-data-source" style={{ display: "grid", gap: 8 }}>
      <div style={inlineFormStyle}>
        <label style={labelStyle}>
          Name
          <input
            name="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            maxLength={100}
            style={fieldStyle}
          />
        </label>
        <label style={{ ...labelStyle, flex: "1 1 320px" }}>
          Connection URL
          <input
            name="url"
            value={url}
            onChange={(event) => setUrl(event.target.value)}
            placeholder="postgres://user:password@host:5432/db"
            autoComplete="off"
            spellCheck={false}
            aria-describedby="add-data-source-url-help"
            style={fieldStyle}
          />
        </label>
      </div>
      <p id="add-data-source-url-help" style={{ margin: 0, color: "#475569", fontSize: 13 }}>
        Stored encrypted and never shown again. Use a read-only user.
      </p>
      <div style={inlineFormStyle}>
        <button
          type="button"
          onClick={runTest}
          disabled={test.pending}
          style={secondaryButton}
          data-testid="test-connection"
        >
          {test.pending ? "Testing…" : "Test connection"}
        </button>
        <ActionMessage outcome={test.outcome} testId="test-connection" />
      </div>
      <div style={inlineFormStyle}>
        <button type="submit" disabled={save.pending} style={primaryButton}>
          {save.pending ? "Connecting and saving…" : "Save"}
        </button>
        <ActionMessage outcome={save.outcome} testId="add-data-source" />
      </div>
    </form>
  );
}
