import type { Metadata } from "next";
import { guestParameterValues, openGuestDashboard } from "~/server/embed/guest-dashboard";
import { loadGridCards } from "../../../_components/dashboard-cards";
import { DashboardGrid } from "../../../_components/dashboard-grid";
import { EmbedError } from "../../../_components/embed-error";
import { ParameterForm, parameterValuesFrom } from "../../../_components/parameter-form";

export const metadata: Metadata = { title: "Embedded dashboard", robots: { index: false } };

type Props = {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[]>>;
};

/**
 * `GET /embed/dashboard/:token` — the guest-embed page (an iframe target): the dashboard's cards
 * under the token's locked parameters, with a form for the editable ones. The React SDK's
 * GuestDashboard renders the same API natively.
 */
export default async function GuestDashboardPage({ params, searchParams }: Props) {
  const { token } = await params;
  const query = await searchParams;
  try {
    const guest = await openGuestDashboard(token);
    const requested = parameterValuesFrom(guest.editable, query);
    const cards = await loadGridCards(
      guest.viewer,
      guest.dashboard,
      guestParameterValues(guest, requested),
    );
    return (
      <main className="page">
        <h1 style={{ fontSize: 20, margin: "0 0 12px" }}>{guest.dashboard.name}</h1>
        <ParameterForm parameters={guest.editable} values={query} />
        <DashboardGrid cards={cards} />
      </main>
    );
  } catch (error) {
    return <EmbedError what="dashboard" error={error} />;
  }
}
