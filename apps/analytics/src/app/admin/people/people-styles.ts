/** The People page's shared form styles (the same look as the SSO page's forms). */
export const primaryButton = {
  padding: "6px 12px",
  borderRadius: 6,
  border: "1px solid #1d4ed8",
  background: "#1d4ed8",
  color: "#fff",
  cursor: "pointer",
} as const;

export const fieldStyle = {
  padding: "6px 8px",
  border: "1px solid #cbd5e1",
  borderRadius: 6,
  fontWeight: 400,
} as const;
