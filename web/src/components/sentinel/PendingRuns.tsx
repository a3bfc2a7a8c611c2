import { Hourglass } from "lucide-react";
import type { SentinelAgentStatus, SentinelRun } from "../../services/sentinelApi";
import { explainPending, formatWait } from "../../services/sentinelApi";

export interface PendingRunsProps {
  runs: SentinelRun[];
  agent: SentinelAgentStatus | null;
  now: number;
  cameraName: (id: string) => string;
  onOpen: (runId: string) => void;
}

const TRIGGERS: Record<string, string> = { motion: "Motion", incident_opened: "New incident", manual: "Manual run", scheduled: "Scheduled" };

/** Runs still waiting for an agent: how long, why, and when they expire. */
export default function PendingRuns({ runs, agent, now, cameraName, onOpen }: PendingRunsProps) {
  const pending = runs.filter((r) => r.outcome === "pending");
  if (!pending.length) return null;
  return (
    <section className="panel sen-pending" aria-labelledby="sen-pending-title">
      <h2 id="sen-pending-title"><Hourglass size={18} aria-hidden="true" />Waiting for the agent ({pending.length})</h2>
      <p className="muted small">Pending runs already count toward this month's quota. The server sends one more wake-up after 2 minutes and closes a run as abandoned (error) after 6 hours.</p>
      <ul className="sen-pending-list">
        {pending.map((run) => {
          const why = explainPending(run, agent, now);
          return (
            <li key={run.id} className="sen-pending-item" data-testid="sentinel-pending-run">
              <div className="sen-pending-head">
                <button type="button" className="link-button" onClick={() => onOpen(run.id)}>{TRIGGERS[run.trigger_type] ?? run.trigger_type}{run.camera_id ? ` · ${cameraName(run.camera_id)}` : ""}</button>
                <span className="pill sen-wait">Waiting {formatWait(why.waitedMs)}</span>
              </div>
              <p className="sen-reason">{why.reason}</p>
              <p className="muted small">{why.expiresInMs > 0 ? `Expires in ${formatWait(why.expiresInMs)} if no agent claims it.` : "Due to be closed as abandoned."}</p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
