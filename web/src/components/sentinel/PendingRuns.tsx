import { Hourglass, Loader } from "lucide-react";
import type { PendingExplanation, SentinelAgentStatus, SentinelRun } from "../../services/sentinelApi";
import { explainPending, explainRunning, formatWait } from "../../services/sentinelApi";

export interface PendingRunsProps {
  runs: SentinelRun[];
  agent: SentinelAgentStatus | null;
  now: number;
  cameraName: (id: string) => string;
  onOpen: (runId: string) => void;
}

const TRIGGERS: Record<string, string> = { motion: "Motion", incident_opened: "New incident", manual: "Manual run", scheduled: "Scheduled" };

interface RowProps {
  run: SentinelRun;
  why: PendingExplanation;
  cameraName: (id: string) => string;
  onOpen: (runId: string) => void;
}

function WaitingRun({ run, why, cameraName, onOpen }: RowProps) {
  const running = run.outcome === "running";
  const expiry = running
    ? `Closed as an error (stranded) in ${formatWait(why.expiresInMs)} if it does not finish.`
    : `Expires in ${formatWait(why.expiresInMs)} if no agent claims it.`;
  return (
    <li className="sen-pending-item" data-testid={running ? "sentinel-running-run" : "sentinel-pending-run"}>
      <div className="sen-pending-head">
        <button type="button" className="link-button" onClick={() => onOpen(run.id)}>
          {TRIGGERS[run.trigger_type] ?? run.trigger_type}{run.camera_id ? ` · ${cameraName(run.camera_id)}` : ""}
        </button>
        <span className="pill sen-wait">
          {running ? <Loader size={14} aria-hidden="true" /> : <Hourglass size={14} aria-hidden="true" />}
          {running ? `Running ${formatWait(why.waitedMs)}` : `Waiting ${formatWait(why.waitedMs)}`}
        </span>
      </div>
      <p className="sen-reason">{why.reason}</p>
      <p className="muted small">{why.expiresInMs > 0 ? expiry : "Due to be closed as an error."}</p>
    </li>
  );
}

/** Runs not finished yet: how long they have waited, why, and when the server gives up. */
export default function PendingRuns({ runs, agent, now, cameraName, onOpen }: PendingRunsProps) {
  const open = runs.filter((r) => r.outcome === "pending" || r.outcome === "running");
  if (!open.length) return null;
  const explain = (run: SentinelRun) => (run.outcome === "running" ? explainRunning(run, now) : explainPending(run, agent, now));
  return (
    <section className="panel sen-pending" aria-labelledby="sen-pending-title">
      <h2 id="sen-pending-title"><Hourglass size={18} aria-hidden="true" />Waiting or running ({open.length})</h2>
      <p className="muted small">
        These runs already count toward this month's quota. While one is pending the server wakes the agent again after 2 minutes, and closes it
        as abandoned (an error) after 6 hours.
      </p>
      <ul className="sen-pending-list">
        {open.map((run) => <WaitingRun key={run.id} run={run} why={explain(run)} cameraName={cameraName} onOpen={onOpen} />)}
      </ul>
    </section>
  );
}
