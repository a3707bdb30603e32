import type { Metadata } from "next";
import { openGuestQuestion, runGuestQuestion } from "~/server/embed/guest-question";
import { DashboardGrid, type GridCard } from "../../../_components/dashboard-grid";
import { EmbedError } from "../../../_components/embed-error";
import { ParameterForm, parameterValuesFrom } from "../../../_components/parameter-form";

export const metadata: Metadata = { title: "Embedded question", robots: { index: false } };

type Props = {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[]>>;
};

/**
 * `GET /embed/question/:token` — the guest-embed page of one question (an iframe target): its
 * result under the token's locked parameters, with a form for the editable ones.
 */
export default async function GuestQuestionPage({ params, searchParams }: Props) {
  const { token } = await params;
  const query = await searchParams;
  try {
    const guest = await openGuestQuestion(token);
    const result = await runGuestQuestion(guest, parameterValuesFrom(guest.editable, query));
    const card: GridCard = {
      id: guest.card.id,
      title: guest.card.name,
      display: guest.card.display,
      visualizationSettings: (guest.card.visualizationSettings ?? {}) as Record<string, unknown>,
      layout: { x: 0, y: 0, w: 24, h: 10 },
      result,
    };
    return (
      <main className="page">
        <h1 style={{ fontSize: 20, margin: "0 0 12px" }}>{guest.card.name}</h1>
        <ParameterForm parameters={guest.editable} values={query} />
        <DashboardGrid cards={[card]} />
      </main>
    );
  } catch (error) {
    return <EmbedError what="question" error={error} />;
  }
}
