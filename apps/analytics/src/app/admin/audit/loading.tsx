/** Shown while the server reads the filtered events. */
export default function AuditLoading() {
  return (
    <p role="status" style={{ color: "#475569" }}>
      Loading audit events…
    </p>
  );
}
