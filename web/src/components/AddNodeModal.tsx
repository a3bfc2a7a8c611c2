import { useState } from "react";
import type { FormEvent } from "react";
import Modal from "./Modal";
import CopyField from "./CopyField";
import InstallTabs from "./settings/InstallTabs";
import { createNode, errorMessage } from "../services/api";
import type { Schemas } from "../services/api";
import { rememberPendingNode } from "./HeartbeatBanner";

export type InstallMethod = "unix" | "windows" | "simulate";

// install.sh stops unless it runs as root, hence sudo.
export function installCommands(nodeId: string, apiKey: string, origin = window.location.origin): Record<InstallMethod, string> {
  return {
    unix: `curl -fsSL ${origin}/install.sh | sudo bash -s -- ${nodeId} ${apiKey} ${origin}`,
    windows: `Download the CloudNode MSI (${origin}/downloads/windows/x86_64), then enter node id ${nodeId}, the API key and ${origin} in the setup wizard.`,
    simulate: `sentinel simulate-node --node-id ${nodeId} --api-key ${apiKey} --api-url ${origin}`,
  };
}

// Node creation: name → create → the one-time key and install command, shown exactly once.
export default function AddNodeModal({ onClose, onCreated }: { onClose: () => void; onCreated?: (node: Schemas["NodeCreated"]) => void }) {
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Schemas["NodeCreated"] | null>(null);

  const submit = async (event: FormEvent) => {
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
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <Modal title={`Node ${created.name} created`} onClose={onClose} wide footer={<button type="button" className="btn btn-primary" onClick={onClose}>I saved the key</button>}>
        <p className="warning-text" role="alert">{created.warning || "Store this API key securely. It cannot be retrieved again."}</p>
        <CopyField label="Node ID" value={created.node_id} testId="new-node-id" />
        <CopyField label="API key (shown once)" value={created.api_key} testId="new-node-key" />
        <InstallTabs nodeId={created.node_id} apiKey={created.api_key} withSimulator testId="install-command" />
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
