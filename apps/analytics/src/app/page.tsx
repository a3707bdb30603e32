import { getCurrentViewer } from "~/server/sessions/current-viewer";
import { version } from "../../package.json";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const viewer = await getCurrentViewer();
  return (
    <main style={{ maxWidth: 720, margin: "64px auto", padding: "0 24px", lineHeight: 1.6 }}>
      <h1 style={{ fontSize: 28, marginBottom: 4 }}>Embed Analytics server</h1>
      <p style={{ color: "#64748b", marginTop: 0 }}>Version {version}</p>
      {viewer ? (
        <section
          aria-label="Signed-in user"
          style={{
            background: "#fff",
            border: "1px solid #e2e8f0",
            borderRadius: 8,
            padding: "12px 16px",
          }}
        >
          <p style={{ margin: 0 }}>
            Signed in as <strong data-testid="viewer-email">{viewer.user.email}</strong>
            {viewer.user.isAdmin ? " (administrator)" : ""}
          </p>
          {viewer.user.isAdmin ? (
            <p style={{ margin: 0 }}>
              <a href="/admin">Open the admin console</a>
            </p>
          ) : null}
          <p style={{ margin: 0, color: "#475569" }}>
            Groups:{" "}
            <span data-testid="viewer-groups">
              {viewer.user.groups.map((group) => group.name).join(", ") || "none"}
            </span>
            {" · "}Attributes: <code>{JSON.stringify(viewer.user.attributes)}</code>
          </p>
        </section>
      ) : (
        <p>
          Not signed in. A host application signs its users in through{" "}
          <a href="/auth/sso">/auth/sso</a>; administrators <a href="/login">sign in here</a>.
        </p>
      )}
      <p>
        This server answers the embedding SDK, host backends and guest embeds. It is usually seen
        through a host application rather than directly.
      </p>
      <ul>
        <li>
          <a href="/api/health">/api/health</a> — readiness of the server and its app database
        </li>
      </ul>
    </main>
  );
}
