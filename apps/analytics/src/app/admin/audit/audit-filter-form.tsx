"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useTransition } from "react";

export interface AuditFilterValues {
  type: string;
  email: string;
  attribute: string;
  value: string;
  from: string;
  to: string;
}

const FIELDS: Array<{ name: keyof AuditFilterValues; label: string; type: string }> = [
  { name: "email", label: "User (email)", type: "email" },
  { name: "attribute", label: "Attribute", type: "text" },
  { name: "value", label: "Attribute value", type: "text" },
  { name: "from", label: "From (UTC)", type: "datetime-local" },
  { name: "to", label: "To (UTC)", type: "datetime-local" },
];

const input = {
  padding: "6px 8px",
  border: "1px solid #94a3b8",
  borderRadius: 6,
  font: "inherit",
  // Date inputs are wider than a grid cell by default: keep them inside it.
  width: "100%",
  minWidth: 0,
  boxSizing: "border-box",
} as const;

/** The filters live in the URL, so a filtered view can be linked: submitting navigates. */
export function AuditFilterForm(props: { values: AuditFilterValues; types: string[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string" && value.trim() !== "") query.set(name, value.trim());
    }
    startTransition(() => router.push(`/admin/audit${query.size ? `?${query}` : ""}`));
  }
  return (
    <form
      onSubmit={submit}
      aria-label="Filter audit events"
      aria-busy={pending}
      style={{
        display: "grid",
        gridTemplateColumns: "repeat(auto-fill, minmax(200px, 1fr))",
        gap: 10,
        alignItems: "end",
      }}
    >
      <label style={{ display: "grid", gap: 4, fontSize: 14 }}>
        Event type
        <select name="type" defaultValue={props.values.type} style={input}>
          <option value="">Any type</option>
          {props.types.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </label>
      {FIELDS.map((field) => (
        <label key={field.name} style={{ display: "grid", gap: 4, fontSize: 14 }}>
          {field.label}
          <input
            name={field.name}
            type={field.type}
            defaultValue={props.values[field.name]}
            placeholder={field.name === "attribute" ? "tenant" : undefined}
            step={field.type === "datetime-local" ? 1 : undefined}
            style={input}
          />
        </label>
      ))}
      <div style={{ display: "flex", gap: 8 }}>
        <button
          type="submit"
          disabled={pending}
          style={{
            padding: "7px 14px",
            borderRadius: 6,
            border: "none",
            background: "#1d4ed8",
            color: "#fff",
            font: "inherit",
          }}
        >
          {pending ? "Filtering…" : "Apply filters"}
        </button>
        <a href="/admin/audit" style={{ alignSelf: "center", color: "#1d4ed8" }}>
          Clear
        </a>
      </div>
    </form>
  );
}
