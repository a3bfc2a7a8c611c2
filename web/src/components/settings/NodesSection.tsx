import { useState } from "react";
import { Plus, Server } from "lucide-react";
import { useAsync } from "../../hooks/useAsync";
import { useToasts } from "../../hooks/useToasts";
import * as api from "../../services/api";
import AddNodeModal from "../AddNodeModal";
import KeyRotationModal from "../KeyRotationModal";
import Modal from "../Modal";
import EmptyState from "../EmptyState";
import LoadingSpinner from "../LoadingSpinner";
import SettingsSection from "./SettingsSection";
import NodeCard from "./NodeCard";
import type { NodeRow } from "./nodeHints";

export default function NodesSection({ onChanged }: { onChanged?: () => void }) {
  const nodes = useAsync(api.listNodes, [], { intervalMs: 15000 });
  const [adding, setAdding] = useState(false);
  const [rotating, setRotating] = useState<NodeRow | null>(null);
  const [deleting, setDeleting] = useState<NodeRow | null>(null);
  const changed = () => {
    nodes.reload();
    onChanged?.();
  };

  return (
    <SettingsSection
      id="settings-nodes"
      title="CloudNodes"
      icon={Server}
      help={<>Each CloudNode runs next to your cameras and streams them here. Rotate a key when it may have leaked (the node must be reconfigured); deleting a node removes its cameras and asks it to wipe its local data. Version hints come from the CloudNode release feed.</>}
      actions={<button type="button" className="btn btn-primary" onClick={() => setAdding(true)}><Plus size={16} aria-hidden="true" /> Add node</button>}
    >
      <NodeList nodes={nodes.data} error={nodes.error} onRotate={setRotating} onDelete={setDeleting} />
      {adding && <AddNodeModal onClose={() => { setAdding(false); nodes.reload(); }} onCreated={changed} />}
      {rotating && <KeyRotationModal node={rotating} onClose={() => { setRotating(null); nodes.reload(); }} />}
      {deleting && <DeleteNodeModal node={deleting} onClose={() => setDeleting(null)} onDeleted={changed} />}
    </SettingsSection>
  );
}

function NodeList({ nodes, error, onRotate, onDelete }: { nodes: NodeRow[] | undefined; error: Error | null; onRotate: (n: NodeRow) => void; onDelete: (n: NodeRow) => void }) {
  if (nodes === undefined) return error ? <p className="error-text" role="alert">{error.message}</p> : <LoadingSpinner label="Loading nodes…" />;
  if (nodes.length === 0) return <EmptyState icon={<Server size={28} aria-hidden="true" />} title="No nodes yet">Add a node to get a one-time key and the install command.</EmptyState>;
  return (
    <ul className="node-grid" aria-label="CloudNodes">
      {nodes.map((n) => <NodeCard key={n.node_id} node={n} onRotate={onRotate} onDelete={onDelete} />)}
    </ul>
  );
}

function DeleteNodeModal({ node, onClose, onDeleted }: { node: NodeRow; onClose: () => void; onDeleted: () => void }) {
  const toast = useToasts();
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    try {
      const res = await api.deleteNode(node.node_id);
      toast.success(`Deleted node ${node.name}${res.node_wiped ? " (the node wiped its local data)" : ""}.`);
      onClose();
      onDeleted();
    } catch (err) {
      toast.error(err);
      setBusy(false);
    }
  };
  return (
    <Modal
      title={`Delete ${node.name}?`}
      onClose={onClose}
      footer={<><button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button><button type="button" className="btn btn-danger" disabled={busy} onClick={remove}>{busy ? "Deleting…" : "Delete node"}</button></>}
    >
      <p>The node, its {node.camera_count} camera(s) and their live caches are removed. A connected node is asked to wipe its local data.</p>
    </Modal>
  );
}
