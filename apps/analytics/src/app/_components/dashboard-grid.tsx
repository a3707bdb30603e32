import type { ErrorCode } from "@embed/contracts";
import { Visualization } from "@embed/react";
import type { RunResult } from "~/server/execution/run-query";

export interface GridCard {
  id: number;
  title: string;
  display: string;
  visualizationSettings: Record<string, unknown>;
  layout: { x: number; y: number; w: number; h: number };
  result?: RunResult;
  error?: { code: ErrorCode; message: string };
}

/** Row height of the dashboard grid, in pixels per layout unit. */
const ROW_UNIT = 38;

/**
 * A dashboard's cards on its 24-column grid, drawn with the SDK's own charts (server-rendered
 * data, client-drawn charts): the full app and guest pages look like the SDK's `Dashboard`.
 */
export function DashboardGrid({ cards }: { cards: GridCard[] }) {
  return (
    <div className="dashboard-grid">
      {cards.map((card) => (
        <section
          key={card.id}
          data-testid={`card-${card.id}`}
          className="dashboard-card"
          style={{
            gridColumn: `${card.layout.x + 1} / span ${card.layout.w}`,
            gridRow: `${card.layout.y + 1} / span ${card.layout.h}`,
          }}
        >
          <h2>{card.title}</h2>
          {card.result ? (
            <Visualization
              result={{
                columns: card.result.columns,
                rows: card.result.rows,
                rowCount: card.result.rowCount,
                truncated: card.result.truncated,
              }}
              display={card.display}
              visualizationSettings={card.visualizationSettings}
              title={card.title}
              height={Math.max(80, card.layout.h * ROW_UNIT - 60)}
            />
          ) : (
            <p role="alert" className="card-error">
              {card.error?.message ?? "This card could not be loaded."}{" "}
              <code>{card.error?.code}</code>
            </p>
          )}
        </section>
      ))}
    </div>
  );
}
