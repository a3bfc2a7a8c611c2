import { AlertTriangle, ArrowUpCircle, Clock, KeyRound, Trash2, XCircle } from "lucide-react";
import type { LucideIcon } from "lucide-react";
import UsageGauge from "../UsageGauge";
import { statusTone } from "../CameraCard";
import type { Schemas } from "../../services/api";
import { formatBytes, formatRelative } from "../../util/format";
import { nodeHints } from "./nodeHints";
import type { NodeHint, NodeRow } from "./nodeHints";

const HINT_ICONS: Record<NodeHint["kind"], LucideIcon> = { "register-error": XCircle, unsupported: AlertTriangle, update: ArrowUpCircle, waiting: Clock };

export interface NodeCardProps {
  node: NodeRow;
  onRotate: (node: NodeRow) => void;
  onDelete: (node: NodeRow) => void;
}

// One node as a card (a list item rather than a table row), so on a phone the storage
// gauges and the Rotate key / Delete buttons wrap inside the viewport instead of
// scrolling off it.
export default function NodeCard({ node, onRotate, onDelete }: NodeCardProps) {
  const hints = nodeHints(node);
  return (
    <li className="node-card" data-testid={`node-${node.node_id}`} aria-labelledby={`node-${node.node_id}-name`}>
      <div className="node-card-head">
        <div className="node-card-title">
          <h3 id={`node-${node.node_id}-name`}>{node.name}</h3>
          <span className="node-id muted small">{node.node_id}{node.hostname ? ` · ${node.hostname}` : ""}</span>
        </div>
        <span className="node-status">
          <span className={`status-dot tone-${statusTone(node.status)}`} aria-hidden="true" /> {node.status}
        </span>
      </div>
      <dl className="node-facts">
        <div><dt>Last seen</dt><dd>{node.last_seen ? formatRelative(node.last_seen) : "never"}</dd></div>
        <div><dt>Cameras</dt><dd>{node.camera_count}</dd></div>
        <div><dt>Version</dt><dd>{node.node_version ? `v${node.node_version}` : "not reported"}</dd></div>
        {node.version_checked_at && <div><dt>Version checked</dt><dd>{formatRelative(node.version_checked_at)}</dd></div>}
      </dl>
      {hints.length > 0 && (
        <ul className="node-hints">
          {hints.map((hint) => {
            const Icon = HINT_ICONS[hint.kind];
            return (
              <li key={hint.kind} className={`node-hint hint-${hint.tone}`}>
                <Icon size={16} aria-hidden="true" />
                <span><strong>{hint.title}:</strong> {hint.text}</span>
              </li>
            );
          })}
        </ul>
      )}
      <Storage storage={node.storage} />
      <div className="node-actions">
        <button type="button" className="btn btn-small" onClick={() => onRotate(node)}>
          <KeyRound size={14} aria-hidden="true" /> Rotate key
        </button>
        <button type="button" className="btn btn-small btn-danger" onClick={() => onDelete(node)}>
          <Trash2 size={14} aria-hidden="true" /> Delete
        </button>
      </div>
    </li>
  );
}

function Storage({ storage }: { storage: Schemas["NodeStorageBody"] | null | undefined }) {
  if (!storage) return <p className="muted small">No storage report yet.</p>;
  const diskUsed = (storage.disk_total_bytes ?? 0) - (storage.disk_free_bytes ?? 0);
  return (
    <div className="node-storage">
      {storage.max_bytes ? <UsageGauge label="Recordings" used={storage.used_bytes} limit={storage.max_bytes} format={formatBytes} /> : null}
      {storage.disk_total_bytes ? <UsageGauge label="Host disk" used={diskUsed} limit={storage.disk_total_bytes} format={formatBytes} /> : null}
    </div>
  );
}
