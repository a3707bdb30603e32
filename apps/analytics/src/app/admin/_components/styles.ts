/** The console's shared form styles, so every page's buttons and fields look alike. */
export const primaryButton = {
  padding: "6px 12px",
  borderRadius: 6,
  border: "1px solid #1d4ed8",
  background: "#1d4ed8",
  color: "#fff",
  cursor: "pointer",
} as const;

export const secondaryButton = {
  padding: "4px 10px",
  borderRadius: 6,
  border: "1px solid #1d4ed8",
  background: "#fff",
  color: "#1d4ed8",
  cursor: "pointer",
} as const;

export const dangerButton = {
  ...secondaryButton,
  border: "1px solid #b91c1c",
  color: "#b91c1c",
} as const;

export const fieldStyle = {
  padding: "6px 8px",
  border: "1px solid #cbd5e1",
  borderRadius: 6,
  fontWeight: 400,
} as const;

/** A label above its field, as every console form lays them out. */
export const labelStyle = { display: "grid", gap: 4, fontWeight: 600 } as const;

/** A form whose fields sit in a row and wrap at narrow widths (768 px). */
export const inlineFormStyle = {
  display: "flex",
  gap: 8,
  alignItems: "end",
  flexWrap: "wrap",
} as const;

/** A page section: white, bordered, its contents stacked. */
export const sectionCardStyle = {
  background: "#fff",
  border: "1px solid #e2e8f0",
  borderRadius: 8,
  padding: "12px 16px",
  display: "grid",
  gap: 12,
} as const;

/** A console table and its cells (header and body alike). */
export const tableStyle = { width: "100%", borderCollapse: "collapse", fontSize: 14 } as const;
export const cellStyle = {
  textAlign: "left",
  padding: "6px 8px",
  borderBottom: "1px solid #e2e8f0",
  verticalAlign: "top",
} as const;
