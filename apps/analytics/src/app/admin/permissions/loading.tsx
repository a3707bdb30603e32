/** Shown while the server reads the permission grid. */
export default function PermissionsLoading() {
  return (
    <p role="status" style={{ color: "#475569" }}>
      Loading data permissions…
    </p>
  );
}
