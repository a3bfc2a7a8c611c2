import { useState } from "react";
import Modal from "./Modal";
import CopyField from "./CopyField";
import { errorMessage, rotateNodeKey } from "../services/api";
import type { Schemas } from "../services/api";
import InstallTabs from "./settings/InstallTabs";

export interface KeyRotationModalProps {
  node: Pick<Schemas["NodeItem"], "node_id" | "name">;
  onClose: () => void;
  onRotated?: (rotated: Schemas["NodeKeyRotated"]) => void;
}

export default function KeyRotationModal({ node, onClose, onRotated }: KeyRotationModalProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Schemas["NodeKeyRotated"] | null>(null);

  const rotate = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await rotateNodeKey(node.node_id);
      setResult(res);
      onRotated?.(res);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    return (
      <Modal title="New API key" onClose={onClose} wide footer={<button type="button" className="btn btn-primary" onClick={onClose}>Done</button>}>
        <p className="warning-text" role="alert">{result.warning}</p>
        <CopyField label="API key (shown once)" value={result.api_key} testId="rotated-key" />
        <p className="small muted">Re-run the installer on the node's machine with the new key:</p>
        <InstallTabs nodeId={node.node_id} apiKey={result.api_key} withSimulator testId="rotated-install-command" />
      </Modal>
    );
  }
  return (
    <Modal
      title={`Rotate key for ${node.name}`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
          <button type="button" className="btn btn-danger" onClick={rotate} disabled={busy}>{busy ? "Rotating…" : "Rotate key"}</button>
        </>
      }
    >
      <p>The current key stops working immediately. The node must be reconfigured with the new key.</p>
      {error && <p className="error-text" role="alert">{error}</p>}
    </Modal>
  );
}
