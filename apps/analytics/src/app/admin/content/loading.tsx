/** Shown while the server reads collections, dashboards and questions. */
export default function ContentLoading() {
  return (
    <p role="status" style={{ color: "#475569" }}>
      Loading content…
    </p>
  );
}
