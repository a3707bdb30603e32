import { version } from "../../package.json";

export default function HomePage() {
  return (
    <main style={{ maxWidth: 720, margin: "64px auto", padding: "0 24px", lineHeight: 1.6 }}>
      <h1 style={{ fontSize: 28, marginBottom: 4 }}>Embed Analytics server</h1>
      <p style={{ color: "#64748b", marginTop: 0 }}>Version {version}</p>
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
