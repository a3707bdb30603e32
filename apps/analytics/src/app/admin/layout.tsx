import type { Metadata } from "next";
import type { ReactNode } from "react";
import { requireAdminViewer } from "~/server/sessions/require-admin-viewer";
import { AdminNav } from "./_components/admin-nav";

export const metadata: Metadata = { title: "Admin console · Embed Analytics" };

/** The console's shell: only admins reach it (anyone else gets the 404). */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const viewer = await requireAdminViewer();
  return (
    <div style={{ display: "flex", alignItems: "flex-start", minHeight: "calc(100vh - 44px)" }}>
      <nav
        aria-label="Admin console"
        style={{
          width: 200,
          flexShrink: 0,
          padding: "16px 12px",
          borderRight: "1px solid #e2e8f0",
          background: "#fff",
          alignSelf: "stretch",
        }}
      >
        <p style={{ margin: "0 0 8px", fontSize: 12, color: "#64748b" }}>
          Admin console
          <br />
          <span style={{ color: "#0f172a" }}>{viewer.user.email}</span>
        </p>
        <AdminNav />
      </nav>
      <main className="page" style={{ flex: 1, minWidth: 0, maxWidth: 960 }}>
        {children}
      </main>
    </div>
  );
}
