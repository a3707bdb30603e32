import type { Metadata } from "next";
import { runDashcard } from "~/server/content/content";
import { guestParameterValues, openGuestDashboard } from "~/server/embed/guest-dashboard";
import { publicError } from "~/server/http/api-error";
import { logger } from "~/server/logger";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Embedded dashboard", robots: { index: false } };

type Props = {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[]>>;
};

const cell = { padding: "4px 10px", borderBottom: "1px solid #e2e8f0", textAlign: "left" as const };

/**
 * `GET /embed/dashboard/:token` — the guest-embed page (an iframe target): the dashboard's cards
 * under the token's locked parameters, with a form for the editable ones. The React SDK's
 * GuestDashboard renders the same API natively, with charts.
 */
export default async function GuestDashboardPage({ params, searchParams }: Props) {
  const { token } = await params;
  const query = await searchParams;
  try {
    const guest = await openGuestDashboard(token);
    const requested = Object.fromEntries(
      guest.editable
        .map((parameter) => [parameter.slug, query[parameter.slug]] as const)
        .filter(([, value]) => typeof value === "string" && value !== ""),
    );
    const values = guestParameterValues(guest, requested);
    const cards = await Promise.all(
      guest.dashboard.cards.map(async (dashcard) => ({
        dashcard,
        result: (await runDashcard(guest.viewer, guest.dashboard, dashcard.id, values)).result,
      })),
    );
    return (
      <main style={{ padding: 16, fontFamily: "system-ui, sans-serif" }}>
        <h1 style={{ fontSize: 20, margin: "0 0 12px" }}>{guest.dashboard.name}</h1>
        {guest.editable.length > 0 ? (
          <form style={{ display: "flex", gap: 12, flexWrap: "wrap", marginBottom: 16 }}>
            {guest.editable.map((parameter) => (
              <label key={parameter.slug} style={{ display: "grid", gap: 2, fontSize: 13 }}>
                {parameter.name}
                <input
                  name={parameter.slug}
                  defaultValue={
                    typeof query[parameter.slug] === "string"
                      ? (query[parameter.slug] as string)
                      : ""
                  }
                  placeholder={parameter.type === "date/range" ? "2025-01-01~2025-12-31" : ""}
                  style={{ padding: "4px 6px" }}
                />
              </label>
            ))}
            <button type="submit" style={{ alignSelf: "end", padding: "5px 12px" }}>
              Apply
            </button>
          </form>
        ) : null}
        <div
          style={{
            display: "grid",
            gap: 16,
            gridTemplateColumns: "repeat(auto-fit, minmax(320px, 1fr))",
          }}
        >
          {cards.map(({ dashcard, result }) => (
            <section
              key={dashcard.id}
              data-testid={`card-${dashcard.id}`}
              style={{
                background: "#fff",
                border: "1px solid #e2e8f0",
                borderRadius: 8,
                padding: 12,
                overflow: "auto",
              }}
            >
              <h2 style={{ fontSize: 15, margin: "0 0 8px" }}>
                {dashcard.titleOverride ?? dashcard.card.name}
              </h2>
              <table style={{ borderCollapse: "collapse", fontSize: 13, width: "100%" }}>
                <thead>
                  <tr>
                    {result.columns.map((column) => (
                      <th key={column.name} style={cell}>
                        {column.displayName}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {result.rows.slice(0, 50).map((row, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own
                    <tr key={index}>
                      {row.map((value, column) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                        <td key={column} style={cell}>
                          {value === null ? "—" : String(value)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </div>
      </main>
    );
  } catch (error) {
    const known = publicError(error);
    if (!known) logger.error("guest embed page failed", { error });
    return (
      <main style={{ padding: 24, fontFamily: "system-ui, sans-serif" }}>
        <h1 style={{ fontSize: 20 }}>This embedded dashboard cannot be shown</h1>
        <p>{known ? known.message : "Something went wrong on the analytics server."}</p>
        <p style={{ color: "#64748b" }}>
          Error code:{" "}
          <code data-testid="embed-error-code">{known ? known.code : "internal_error"}</code>
        </p>
      </main>
    );
  }
}
