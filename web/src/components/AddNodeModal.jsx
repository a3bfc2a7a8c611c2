import { useState } from "react";
import Modal from "./Modal.jsx";
import CopyField from "./CopyField.jsx";
import { createNode } from "../services/api.js";
import { rememberPendingNode } from "./HeartbeatBanner.jsx";

export function installCommands(nodeId, apiKey, origin = window.location.origin) {
  return {
    unix: `curl -fsSL ${origin}/install.sh | bash -s -- ${nodeId} ${apiKey} ${origin}`,
    windows: `Download the CloudNode MSI (${origin}/downloads/windows/x86_64), then enter node id ${nodeId}, the API key and ${origin} in the setup wizard.`,
    simulate: `sentinel simulate-node --node-id ${nodeId} --api-key ${apiKey} --api-url ${origin}`,
  };
}

// Node creation: name → create → the one-time key and install command, shown exactly once.
export default function AddNodeModal({ onClose, onCreated }) {
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [created, setCreated] = useState(null);
  const [os, setOs] = useState("unix");

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const node = await createNode(name.trim());
      setCreated(node);
      rememberPendingNode(node.node_id);
      window.dispatchEvent(new Event("sentinel:pending-node"));
      onCreated?.(node);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    const commands = installCommands(created.node_id, created.api_key);
    return (
      <Modal title={`Node ${created.name} created`} onClose={onClose} wide footer={<button type="button" className="btn btn-primary" onClick={onClose}>I saved the key</button>}>
        <p className="warning-text" role="alert">{created.warning || "Store this API key securely. It cannot be retrieved again."}</p>
        <CopyField label="Node ID" value={created.node_id} testId="new-node-id" />
        <CopyField label="API key (shown once)" value={created.api_key} testId="new-node-key" />
        <div className="tabs" role="tablist" aria-label="Install method">
          {[["unix", "Linux / macOS"], ["windows", "Windows"], ["simulate", "Simulator"]].map(([id, label]) => (
            <button key={id} type="button" role="tab" aria-selected={os === id} className={os === id ? "tab active" : "tab"} onClick={() => setOs(id)}>{label}</button>
          ))}
        </div>
        <CopyField label="Install command" value={commands[os]} multiline testId="install-command" />
        <p className="muted small">The dashboard shows a banner until the node's first heartbeat arrives.</p>
      </Modal>
    );
  }

  return (
    <Modal
      title="Add a CloudNode"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
          <button type="submit" form="add-node-form" className="btn btn-primary" disabled={busy}>{busy ? "Creating…" : "Create node"}</button>
        </>
      }
    >
      <form id="add-node-form" onSubmit={submit}>
        <label className="field">
          <span>Name (optional)</span>
          <input data-autofocus value={name} maxLength={100} onChange={(e) => setName(e.target.value)} placeholder="Front office" />
        </label>
        {error && <p className="error-text" role="alert">{error}</p>}
      </form>
    </Modal>
  );
}
