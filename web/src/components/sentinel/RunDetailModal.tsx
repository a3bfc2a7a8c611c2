import type { ReactNode } from "react";
import { Link } from "react-router";
import { useAsync } from "../../hooks/useAsync";
import * as api from "../../services/api";
import Modal from "../Modal";
import LoadingSpinner from "../LoadingSpinner";
import { formatDateTime } from "../../util/format";
import { explainPending, explainRunning, formatWait } from "../../services/sentinelApi";
import type { SentinelAgentStatus, SentinelRun } from "../../services/sentinelApi";

/** A tool-trace field (free-form JSON) as text. */
function shown(value: unknown): ReactNode {
  if (value == null) return null;
  return typeof value === "string" || typeof value === "number" ? value : JSON.stringify(value);
}

function ToolTrace({ steps }: { steps: Record<string, unknown>[] }) {
  if (!steps.length) return <p className="muted">No tool calls recorded.</p>;
  return (
    <ol className="activity-feed">
      {steps.map((step, i) => (
        <li key={i} className="sen-trace-step">
          <code className="sen-code">{shown(step.tool)}({JSON.stringify(step.args)})</code>
          <span className="muted small">{shown(step.result)}</span>
        </li>
      ))}
    </ol>
  );
}

/** Why an unfinished run is still open, in the words the waiting panel uses. */
function StillOpen({ run, agent, now }: { run: SentinelRun; agent: SentinelAgentStatus | null; now: number }) {
  if (run.outcome !== "pending" && run.outcome !== "running") return null;
  const why = run.outcome === "running" ? explainRunning(run, now) : explainPending(run, agent, now);
  return (
    <div className="banner banner-warn" role="status">
      <span>
        <strong>{run.outcome === "running" ? `Running for ${formatWait(why.waitedMs)}.` : `Waiting for ${formatWait(why.waitedMs)}.`}</strong> {why.reason} It counts toward this month's quota.
      </span>
    </div>
  );
}

export interface RunDetailModalProps {
  runId: string;
  agent: SentinelAgentStatus | null;
  now: number;
  onClose: () => void;
}

/** One run: what triggered it, what it concluded, and every tool call the agent made. */
export default function RunDetailModal({ runId, agent, now, onClose }: RunDetailModalProps) {
  const run = useAsync(() => api.getSentinelRun(runId), [runId]);
  return (
    <Modal title="Sentinel run" onClose={onClose} wide>
      {run.error ? <p className="error-text" role="alert">{run.error.message}</p> : !run.data ? <LoadingSpinner /> : (
        <div className="page">
          <p><strong>{run.data.trigger_type}</strong> · {run.data.outcome}{run.data.severity ? ` · ${run.data.severity}` : ""} · {formatDateTime(run.data.triggered_at)}</p>
          <StillOpen run={run.data} agent={agent} now={now} />
          {run.data.incident_id && <p><Link to={`/incidents/${run.data.incident_id}`}>Incident #{run.data.incident_id}</Link></p>}
          {run.data.manual_prompt && <p className="muted">Prompt: {run.data.manual_prompt}</p>}
          {run.data.summary && <p>{run.data.summary}</p>}
          <h3>Tool trace ({run.data.tool_trace?.length ?? 0})</h3>
          <ToolTrace steps={run.data.tool_trace ?? []} />
        </div>
      )}
    </Modal>
  );
}

