/** Shown while the server reads the data sources. */
export default function DataSourcesLoading() {
  return (
    <p role="status" style={{ color: "#475569" }}>
      Loading data sources…
    </p>
  );
}
