import type { ReactNode } from "react";
import { Link } from "react-router";
import { useAsync } from "../../hooks/useAsync";
import * as api from "../../services/api";
import Modal from "../Modal";
import LoadingSpinner from "../LoadingSpinner";
import { formatDateTime } from "../../util/format";

/** A tool-trace field (free-form JSON) as text. */
function shown(value: unknown): ReactNode {
  if (value == null) return null;
  return typeof value === "string" || typeof value === "number" ? value : JSON.stringify(value);
}

/** One run: what triggered it, what it concluded, and every tool call the agent made. */
export default function RunDetailModal({ runId, onClose }: { runId: string; onClose: () => void }) {
  const run = useAsync(() => api.getSentinelRun(runId), [runId]);
  return (
    <Modal title="Sentinel run" onClose={onClose} wide>
      {run.error ? <p className="error-text" role="alert">{run.error.message}</p> : !run.data ? <LoadingSpinner /> : (
        <div className="page">
          <p><strong>{run.data.trigger_type}</strong> · {run.data.outcome}{run.data.severity ? ` · ${run.data.severity}` : ""} · {formatDateTime(run.data.triggered_at)}</p>
          {run.data.incident_id && <p><Link to={`/incidents/${run.data.incident_id}`}>Incident #{run.data.incident_id}</Link></p>}
          {run.data.manual_prompt && <p className="muted">Prompt: {run.data.manual_prompt}</p>}
          {run.data.summary && <p>{run.data.summary}</p>}
          <h3>Tool trace ({run.data.tool_trace?.length ?? 0})</h3>
          <ol className="activity-feed">
            {(run.data.tool_trace ?? []).map((step, i) => (
              <li key={i} className="sen-trace-step">
                <code className="sen-code">{shown(step.tool)}({JSON.stringify(step.args)})</code>
                <span className="muted small">{shown(step.result)}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </Modal>
  );
}

