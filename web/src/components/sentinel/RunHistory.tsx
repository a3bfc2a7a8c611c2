import { CircleCheck, CircleX, FileExclamationPoint, Hourglass, Loader } from "lucide-react";
import type { LucideIcon } from "lucide-react";
import EmptyState from "../EmptyState";
import type { SentinelRun } from "../../services/sentinelApi";
import { formatWait, parseWaited } from "../../services/sentinelApi";
import { formatDateTime, formatRelative } from "../../util/format";

const OUTCOMES: Record<string, { icon: LucideIcon; label: string }> = {
  pending: { icon: Hourglass, label: "Pending" },
  running: { icon: Loader, label: "Running" },
  incident: { icon: FileExclamationPoint, label: "Incident" },
  no_action: { icon: CircleCheck, label: "No action" },
  error: { icon: CircleX, label: "Error" },
};

function Outcome({ run, now }: { run: SentinelRun; now: number }) {
  const known = OUTCOMES[run.outcome];
  const Icon = known?.icon ?? CircleX;
  const waited = run.outcome === "pending" || run.outcome === "running" ? parseWaited(run.outcome === "running" ? run.started_at ?? run.triggered_at : run.triggered_at, now) : null;
  return (
    <span className={`sen-outcome sen-outcome-${run.outcome}`}>
      <Icon size={14} aria-hidden="true" />
      {known?.label ?? run.outcome}
      {waited !== null && <span className="muted small"> ({formatWait(waited)})</span>}
      {run.severity ? <span className={`pill sev-${run.severity}`}>{run.severity}</span> : null}
    </span>
  );
}

export interface RunHistoryProps {
  runs: SentinelRun[];
  now: number;
  cameraName: (id: string) => string;
  onOpen: (runId: string) => void;
}

/** Every run, newest first; each opens its detail with the tool trace. */
export default function RunHistory({ runs, now, cameraName, onOpen }: RunHistoryProps) {
  if (!runs.length) return <EmptyState icon={<Hourglass size={18} />} title="No runs yet">Runs appear here when motion fires, an incident opens, or you press Run now.</EmptyState>;
  return (
    <div className="table-wrap">
      <table className="sen-runs">
        <thead><tr><th scope="col">When</th><th scope="col">Trigger</th><th scope="col">Camera</th><th scope="col">Outcome</th><th scope="col">Tools</th><th scope="col">Summary</th></tr></thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} className="clickable" onClick={() => onOpen(r.id)}>
              <td><button type="button" className="link-button" title={formatDateTime(r.triggered_at)} onClick={(e) => { e.stopPropagation(); onOpen(r.id); }}>{formatRelative(r.triggered_at, now)}</button></td>
              <td>{r.trigger_type}</td>
              <td>{r.camera_id ? cameraName(r.camera_id) : "—"}</td>
              <td><Outcome run={r} now={now} /></td>
              <td>{r.tool_call_count}</td>
              <td className="sen-summary-cell">{r.summary || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
