import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { auditContent } from "~/server/content/audit-content";
import { loadVisibleDashboard } from "~/server/content/content";
import { contentViewerForUser } from "~/server/content/content-viewer";
import { publicError } from "~/server/http/api-error";
import { parseId } from "~/server/http/parse-id";
import { getCurrentViewer } from "~/server/sessions/current-viewer";
import { loadGridCards } from "../../_components/dashboard-cards";
import { DashboardGrid } from "../../_components/dashboard-grid";
import { ParameterForm, parameterValuesFrom } from "../../_components/parameter-form";

export const metadata: Metadata = { title: "Dashboard · Embed Analytics" };

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[]>>;
};

/**
 * The full app's dashboard page (what a host frames in full-app embedding). A visitor without a
 * session is sent through the SSO redirect flow and comes back here.
 */
export default async function DashboardPage({ params, searchParams }: Props) {
  const { id } = await params;
  const query = await searchParams;
  const signedIn = await getCurrentViewer();
  if (!signedIn) redirect(`/auth/sso?return_to=${encodeURIComponent(`/dashboard/${id}`)}`);
  const viewer = contentViewerForUser(signedIn);
  try {
    const dashboard = await loadVisibleDashboard(parseId(id, "dashboard_not_found"), viewer);
    const values = parameterValuesFrom(dashboard.parameters, query);
    const cards = await loadGridCards(viewer, dashboard, values);
    await auditContent(
      "dashboard.viewed",
      viewer,
      { type: "dashboard", id: dashboard.id },
      { page: "full-app" },
    );
    return (
      <main className="page">
        <h1 style={{ fontSize: 22, margin: "4px 0 12px" }}>{dashboard.name}</h1>
        <ParameterForm parameters={dashboard.parameters} values={query} />
        <DashboardGrid cards={cards} />
      </main>
    );
  } catch (error) {
    const known = publicError(error);
    if (!known) throw error;
    return (
      <main className="page">
        <h1 style={{ fontSize: 20 }}>This dashboard cannot be shown</h1>
        <p>{known.message}</p>
        <p style={{ color: "#64748b" }}>
          Error code: <code data-testid="page-error-code">{known.code}</code>
        </p>
      </main>
    );
  }
}
