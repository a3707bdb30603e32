"use client";

/** The content could not be read (e.g. the app database is down): say so, offer a retry. */
export default function ContentError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" style={{ color: "#b91c1c", display: "grid", gap: 8 }}>
      <h1 style={{ fontSize: 22, margin: "4px 0 0", color: "#0f172a" }}>Content and embedding</h1>
      <p style={{ margin: 0 }}>The collections, dashboards and questions could not be loaded.</p>
      <button type="button" onClick={reset} style={{ justifySelf: "start", font: "inherit" }}>
        Try again
      </button>
    </div>
  );
}
