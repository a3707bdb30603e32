import Link from "next/link";
import { EMBEDDING_PAGES } from "~/lib/embedding-pages";
import { fullName, getCurrentUser } from "~/server/auth";
import { ROLE_LABELS } from "~/server/users";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await getCurrentUser();
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
      {user ? (
        <section aria-label="Your access" style={card}>
          <div style={{ fontSize: 13, color: "#64748b", textTransform: "uppercase" }}>
            Logged in as
          </div>
          <div style={{ fontSize: 18, fontWeight: 600 }}>
            {fullName(user)} <span style={{ color: "#64748b", fontWeight: 400 }}>{user.email}</span>
          </div>
          <dl style={{ display: "grid", gridTemplateColumns: "max-content 1fr", gap: "4px 16px" }}>
            <dt style={term}>Role</dt>
            <dd style={{ margin: 0 }} data-testid="role">
              {ROLE_LABELS[user.role]}
              {user.primaryId !== null &&
                ` (${user.role === "tenant" ? "tenant" : "account"} ${user.primaryId})`}
            </dd>
            <dt style={term}>Organisation</dt>
            <dd style={{ margin: 0 }}>{user.organization}</dd>
            <dt style={term}>Analytics</dt>
            <dd style={{ margin: 0 }}>{user.accessSummary}</dd>
          </dl>
        </section>
      ) : null}
      <section aria-label="Embedding modes" style={{ marginTop: 32 }}>
        <h2 style={{ fontSize: 20, marginBottom: 4 }}>Three ways to embed</h2>
        <p style={{ color: "#475569", marginTop: 0 }}>
          Each page shows the same analytics, for whoever is logged in, embedded a different way.
        </p>
        {EMBEDDING_PAGES.map((page) => (
          <article key={page.href} style={{ ...card, marginTop: 12 }}>
            <h3 style={{ fontSize: 17, margin: 0 }}>
              <Link href={page.href} style={{ color: "#0b5cad" }}>
                {page.title}
              </Link>
            </h3>
            <p style={{ margin: "6px 0" }}>{page.summary}</p>
            <p style={{ margin: 0, fontSize: 13, color: "#64748b" }}>
              The code: <code>{page.code[0]}</code>
            </p>
          </article>
        ))}
      </section>
      {user ? null : (
        <p>
          <Link href="/login" style={{ color: "#0b5cad", fontWeight: 600 }}>
            Log in
          </Link>{" "}
          as one of the demo users to see their analytics.
        </p>
      )}
    </main>
  );
}

const card = {
  marginTop: 32,
  padding: "20px 24px",
  background: "#fff",
  border: "1px solid #e2e8f0",
  borderRadius: 10,
  boxShadow: "0 1px 2px rgb(15 23 42 / 0.05)",
} as const;

const term = { color: "#64748b" } as const;
