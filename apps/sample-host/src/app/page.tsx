export default function HomePage() {
  return (
    <main style={{ maxWidth: 760, margin: "64px auto", padding: "0 24px", lineHeight: 1.6 }}>
      <h1 style={{ fontSize: 30, marginBottom: 4 }}>Parcelpoint</h1>
      <p style={{ color: "#475569", marginTop: 0 }}>
        A sample logistics SaaS: tenants run shipping for their customers' accounts.
      </p>
      <p>
        This is the reference host application. It has its own users and login, and shows analytics
        from the Embed Analytics server to each of them — a tenant sees all of its customers'
        accounts, a customer only their own.
      </p>
    </main>
  );
}
