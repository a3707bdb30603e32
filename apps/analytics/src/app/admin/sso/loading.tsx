/** Shown while the server reads the SSO settings. */
export default function AdminSsoLoading() {
  return (
    <p role="status" style={{ color: "#475569" }}>
      Loading the SSO settings…
    </p>
  );
}
