import { useState } from "react";
import type { FormEvent } from "react";
import { House, KeyRound, Plus, Trash2 } from "lucide-react";
import { useAsync } from "../hooks/useAsync";
import type { AsyncResult } from "../hooks/useAsync";
import { useToasts } from "../hooks/useToasts";
import * as api from "../services/api";
import type { Schemas } from "../services/api";
import Modal from "../components/Modal";
import RevokeKeyModal from "../components/RevokeKeyModal";
import CopyField from "../components/CopyField";
import EmptyState from "../components/EmptyState";
import LoadingSpinner from "../components/LoadingSpinner";
import SettingsSection from "../components/settings/SettingsSection";
import { formatDateTime, formatRelative } from "../util/format";
import "../styles/settings.css";
import "../styles/mcp.css";

type Key = Schemas["IntegrationKeyItem"];

export default function IntegrationsPage() {
  const keys = useAsync(api.listIntegrationKeys, []);
  return (
    <div className="page integrations-page">
      <div className="page-header"><h1>Integrations</h1></div>
      <HomeAssistantSetup onCreated={keys.reload} />
      <IntegrationKeys keys={keys} />
    </div>
  );
}

function HomeAssistantSetup({ onCreated }: { onCreated: () => void }) {
  const toast = useToasts();
  const [name, setName] = useState("Home Assistant");
  const [created, setCreated] = useState<Schemas["IntegrationKeyCreated"] | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const key = await api.createIntegrationKey(name.trim() || "Home Assistant");
      // The one-time key dialog is the confirmation (a toast would cover it on a phone).
      setCreated(key);
      onCreated();
    } catch (err) {
      toast.error(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <SettingsSection
      id="ha-setup"
      title="Home Assistant"
      icon={House}
      help={<>Integration keys (osi_) only work for the Home Assistant API; they can never be used for MCP, and MCP keys never work here. Revoking a key disconnects Home Assistant at once.</>}
    >
      <p className="muted">The Sentinel integration for Home Assistant discovers your cameras, shows snapshots, toggles recording and exposes motion as binary sensors.</p>
      <ol className="integration-steps">
        <li>Create an integration key below and copy it.</li>
        <li>In Home Assistant add the Sentinel integration (Settings, Devices and services, Add integration).</li>
        <li>Enter this Command Center's URL and the key; Home Assistant checks both before saving.</li>
      </ol>
      <CopyField label="Command Center URL" value={window.location.origin} />
      <form className="integration-form" onSubmit={create}>
        <label className="field">
          <span>Key name</span>
          <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy}><Plus size={16} aria-hidden="true" /> {busy ? "Creating…" : "Create integration key"}</button>
      </form>
      {created && (
        <Modal title="Integration key created" onClose={() => setCreated(null)} footer={<button type="button" className="btn btn-primary" onClick={() => setCreated(null)}>I saved the key</button>}>
          <p className="warning-text" role="alert">{created.warning}</p>
          <CopyField label="Integration key (shown once)" value={created.key} testId="new-integration-key" />
          <CopyField label="Command Center URL" value={window.location.origin} />
        </Modal>
      )}
    </SettingsSection>
  );
}

function IntegrationKeys({ keys }: { keys: AsyncResult<Key[]> }) {
  const [revoking, setRevoking] = useState<Key | null>(null);
  return (
    <SettingsSection
      id="ha-keys"
      title="Keys"
      icon={KeyRound}
      help={<>Every key that can reach the Home Assistant API, newest first. "Last used" shows when Home Assistant last called in with it.</>}
    >
      {keys.data === undefined ? (
        keys.error ? <p className="error-text" role="alert">{keys.error.message}</p> : <LoadingSpinner label="Loading keys…" />
      ) : keys.data.length === 0 ? (
        <EmptyState icon={<KeyRound size={28} aria-hidden="true" />} title="No integration keys">Create one above to connect Home Assistant.</EmptyState>
      ) : (
        <ul className="key-list" aria-label="Integration keys">
          {keys.data.map((k) => (
            <li key={k.id} className="key-card">
              <div>
                <strong>{k.name}</strong>
                <div className="muted small">Created {formatDateTime(k.created_at)} · last used {k.last_used_at ? formatRelative(k.last_used_at) : "never"}</div>
              </div>
              <button type="button" className="btn btn-small btn-danger" aria-label={`Revoke ${k.name}`} onClick={() => setRevoking(k)}>
                <Trash2 size={14} aria-hidden="true" /> Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      {revoking && (
        <RevokeKeyModal
          name={revoking.name}
          revoke={() => api.revokeIntegrationKey(revoking.id)}
          revokedMessage={`Revoked ${revoking.name}: Home Assistant can no longer use it.`}
          onClose={() => setRevoking(null)}
          onRevoked={keys.reload}
        >
          <p>Home Assistant stops receiving camera data through this key at once. This cannot be undone.</p>
        </RevokeKeyModal>
      )}
    </SettingsSection>
  );
}
