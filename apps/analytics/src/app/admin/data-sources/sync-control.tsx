"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import type { SyncSummary } from "~/server/admin/sync-data-source";
import { ActionMessage } from "../_components/action-message";
import { callAdminApi } from "../_components/call-admin-api";
import { secondaryButton } from "../_components/styles";
import { useAdminAction } from "../_components/use-admin-action";

/** A data source's latest sync, as `GET /api/admin/data-sources/:id` describes it. */
export interface SyncView {
  status: "idle" | "running" | "failed";
  tablesDone: number;
  tablesTotal: number;
  finishedAt: string | null;
  error: string | null;
  summary: SyncSummary | null;
}

const POLL_INTERVAL_MS = 1_000;

function plural(count: number, noun: string) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** The sync summary in one sentence: what was added, changed and removed. */
export function describeSummary(summary: SyncSummary) {
  return [
    `${plural(summary.tablesAdded.length, "table")} added`,
    `${summary.tablesRestored.length} restored`,
    `${summary.tablesHidden.length} removed (hidden)`,
    `${plural(summary.columnsAdded, "column")} added`,
    `${summary.columnsChanged} changed`,
    `${summary.columnsRemoved.length} removed`,
  ].join(", ");
}

/**
 * "Sync now": starts the sync (202), then polls the data source until it is no longer running,
 * showing a progress bar meanwhile and the summary (or the failure) at the end. A sync already
 * running when the page opens is followed the same way.
 */
export function SyncControl(props: { id: number; name: string; initial: SyncView }) {
  const router = useRouter();
  const [sync, setSync] = useState<SyncView>(props.initial);
  const [pollFailed, setPollFailed] = useState<string | null>(null);
  // One poll at a time, however slow the server answers.
  const polling = useRef(false);
  const { pending, outcome, run } = useAdminAction();
  const running = sync.status === "running";

  const poll = useCallback(async () => {
    if (polling.current) return;
    polling.current = true;
    const result = await callAdminApi<{ sync: SyncView }>(`/api/admin/data-sources/${props.id}`, {
      method: "GET",
    });
    polling.current = false;
    if (!result.ok) {
      setPollFailed(result.message);
      return;
    }
    setPollFailed(null);
    setSync(result.body.sync);
    if (result.body.sync.status !== "running") router.refresh();
  }, [props.id, router]);

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(poll, POLL_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [running, poll]);

  async function start() {
    const result = await run<{ sync: SyncView }>(
      `/api/admin/data-sources/${props.id}/sync`,
      { method: "POST", body: {} },
      { refresh: false },
    );
    if (!result?.ok) return;
    setSync(result.body.sync);
    // A small warehouse may be synced before the answer arrives: show its new tables at once.
    if (result.body.sync.status !== "running") router.refresh();
  }

  return (
    <div style={{ display: "grid", gap: 6 }} data-testid={`sync-${props.id}`}>
      <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
        <button
          type="button"
          onClick={start}
          disabled={pending || running}
          aria-label={`Sync now: ${props.name}`}
          style={secondaryButton}
        >
          {running ? "Syncing…" : "Sync now"}
        </button>
        <ActionMessage outcome={outcome} testId={`sync-${props.id}`} />
      </div>
      {running ? (
        <div
          role="status"
          style={{ display: "grid", gap: 4 }}
          data-testid={`sync-${props.id}-progress`}
        >
          <progress
            value={sync.tablesDone}
            max={Math.max(sync.tablesTotal, 1)}
            aria-label={`Sync progress of ${props.name}`}
            style={{ width: "100%", maxWidth: 240 }}
          />
          <span style={{ fontSize: 13, color: "#475569" }}>
            {sync.tablesTotal === 0
              ? "Reading the warehouse's schema…"
              : `${sync.tablesDone} of ${plural(sync.tablesTotal, "table")} synced…`}
          </span>
        </div>
      ) : sync.status === "failed" ? (
        <span
          role="alert"
          style={{ color: "#b91c1c", fontSize: 13 }}
          data-testid={`sync-${props.id}-failed`}
        >
          Sync failed: {sync.error}
        </span>
      ) : sync.summary ? (
        <span
          role="status"
          style={{ color: "#15803d", fontSize: 13 }}
          data-testid={`sync-${props.id}-summary`}
        >
          Last sync: {describeSummary(sync.summary)}.
        </span>
      ) : (
        <span style={{ color: "#475569", fontSize: 13 }}>No sync run yet.</span>
      )}
      {pollFailed ? (
        <span role="alert" style={{ color: "#b91c1c", fontSize: 13 }}>
          Could not read the sync's progress: {pollFailed}
        </span>
      ) : null}
    </div>
  );
}
