import type { CSSProperties } from "react";
import { describeOverview } from "~/server/admin/overview";
import { requireAdminViewer } from "~/server/sessions/require-admin-viewer";

const card: CSSProperties = {
  background: "#fff",
  border: "1px solid #e2e8f0",
  borderRadius: 8,
  padding: "12px 16px",
};

type AuditRow = Awaited<ReturnType<typeof describeOverview>>["logins"][number];

function describeEvent(event: AuditRow) {
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  const who = event.actorEmail ?? (typeof payload.email === "string" ? payload.email : null);
  const code = typeof payload.code === "string" ? payload.code : null;
  const method = typeof payload.method === "string" ? payload.method : null;
  return [who ?? (event.actorUserId ? `user ${event.actorUserId}` : null), method, code]
    .filter(Boolean)
    .join(" · ");
}

function AuditList({
  title,
  events,
  testId,
}: {
  title: string;
  events: AuditRow[];
  testId: string;
}) {
  return (
    <section aria-labelledby={`${testId}-title`} style={card} data-testid={testId}>
      <h2 id={`${testId}-title`} style={{ fontSize: 16, margin: "0 0 8px" }}>
        {title}
      </h2>
      {events.length === 0 ? (
        <p style={{ margin: 0, color: "#64748b" }}>None yet.</p>
      ) : (
        <ul style={{ margin: 0, paddingLeft: 18, fontSize: 14 }}>
          {events.map((event) => (
            <li key={event.id}>
              <time dateTime={event.lastOccurredAt.toISOString()}>
                {event.lastOccurredAt.toISOString().replace("T", " ").slice(0, 19)} UTC
              </time>{" "}
              — {describeEvent(event) || event.type}
              {event.count > 1 ? ` (×${event.count})` : ""}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** `/admin`: is the server healthy, what does it hold, who signed in, and is embedding set up. */
export default async function AdminOverviewPage() {
  await requireAdminViewer();
  const overview = await describeOverview();
  const counts = [
    ["Users", overview.counts.users],
    ["Groups", overview.counts.groups],
    ["Dashboards", overview.counts.dashboards],
    ["Data sources", overview.counts.dataSources],
    ["Active sessions", overview.counts.activeSessions],
  ] as const;
  return (
    <div style={{ display: "grid", gap: 16 }}>
      <h1 style={{ fontSize: 22, margin: "4px 0 0" }}>Overview</h1>
      <section aria-label="Health" style={card}>
        App database:{" "}
        <strong
          data-testid="health-database"
          style={{ color: overview.database === "ok" ? "#15803d" : "#b91c1c" }}
        >
          {overview.database === "ok" ? "ok" : "unavailable"}
        </strong>
      </section>
      <section aria-label="Counts">
        <dl
          style={{
            display: "grid",
            gridTemplateColumns: "repeat(auto-fit, minmax(140px, 1fr))",
            gap: 12,
            margin: 0,
          }}
        >
          {counts.map(([label, value]) => (
            <div key={label} style={card}>
              <dt style={{ fontSize: 13, color: "#475569" }}>{label}</dt>
              <dd
                style={{ margin: 0, fontSize: 24, fontWeight: 600 }}
                data-testid={`count-${label}`}
              >
                {value}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="checklist-title" style={card}>
        <h2 id="checklist-title" style={{ fontSize: 16, margin: "0 0 8px" }}>
          Embedding set-up checklist
        </h2>
        <ul style={{ listStyle: "none", margin: 0, padding: 0, display: "grid", gap: 8 }}>
          {overview.checklist.map((item) => (
            <li key={item.id} data-testid={`check-${item.id}`} data-done={item.done}>
              <span aria-hidden="true" style={{ color: item.done ? "#15803d" : "#b45309" }}>
                {item.done ? "✔" : "✖"}
              </span>{" "}
              <strong>{item.label}</strong>
              <span className="visually-hidden">{item.done ? " (done)" : " (to do)"}</span> —{" "}
              <span style={{ color: "#475569" }}>{item.detail}</span>{" "}
              <a href={item.fixAt}>{item.done ? "Change" : "Fix"}</a>
            </li>
          ))}
        </ul>
      </section>
      <div
        style={{
          display: "grid",
          gap: 16,
          gridTemplateColumns: "repeat(auto-fit, minmax(280px, 1fr))",
        }}
      >
        <AuditList title="Recent sign-ins" events={overview.logins} testId="recent-logins" />
        <AuditList
          title="Recent refused sign-ins"
          events={overview.refusals}
          testId="recent-refusals"
        />
      </div>
    </div>
  );
}
