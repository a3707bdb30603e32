/** Shown while the server reads users and groups. */
export default function AdminPeopleLoading() {
  return (
    <p role="status" style={{ color: "#475569" }}>
      Loading users and groups…
    </p>
  );
}
