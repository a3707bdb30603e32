/** Shown while the server reads the data source and its tables. */
export default function DataSourceLoading() {
  return (
    <p role="status" style={{ color: "#475569" }}>
      Loading the data source…
    </p>
  );
}
