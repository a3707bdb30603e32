"use client";

/**
 * A console page that could not be read (e.g. the app database is down): its title, what failed,
 * and a retry — every page's error.tsx renders this.
 */
export function PageError(props: { title: string; what: string; reset: () => void }) {
  return (
    <div role="alert" style={{ color: "#b91c1c", display: "grid", gap: 8 }}>
      <h1 style={{ fontSize: 22, margin: "4px 0 0", color: "#0f172a" }}>{props.title}</h1>
      <p style={{ margin: 0 }}>{props.what} could not be loaded.</p>
      <button type="button" onClick={props.reset} style={{ justifySelf: "start", font: "inherit" }}>
        Try again
      </button>
    </div>
  );
}
