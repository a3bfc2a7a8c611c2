import { useState } from "react";
import type { FormEvent } from "react";
import { useAsync } from "../hooks/useAsync";
import { useToasts } from "../hooks/useToasts";
import * as api from "../services/api";
import type { Schemas } from "../services/api";
import Modal from "../components/Modal";
import CopyField from "../components/CopyField";
import EmptyState from "../components/EmptyState";
import LoadingSpinner from "../components/LoadingSpinner";
import { formatDateTime, formatRelative } from "../util/format";

export default function IntegrationsPage() {
  const toast = useToasts();
  const keys = useAsync(api.listIntegrationKeys, []);
  const [name, setName] = useState("Home Assistant");
  const [created, setCreated] = useState<Schemas["IntegrationKeyCreated"] | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      setCreated(await api.createIntegrationKey(name.trim() || "Home Assistant"));
      keys.reload();
    } catch (err) {
      toast.error(err);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (key: Schemas["IntegrationKeyItem"]) => {
    if (!window.confirm(`Revoke "${key.name}"?`)) return;
    try {
      await api.revokeIntegrationKey(key.id);
      keys.reload();
    } catch (err) {
      toast.error(err);
    }
  };

  return (
    <div className="page">
      <div className="page-header"><h1>Integrations</h1></div>
      <section className="panel" aria-labelledby="ha-title">
        <h2 id="ha-title">Home Assistant</h2>
        <p className="muted">The Sentinel integration for Home Assistant discovers your cameras, shows snapshots, toggles recording and exposes motion as binary sensors. It authenticates with an <code>osi_</code> integration key against <code>{window.location.origin}</code>.</p>
        <form className="row" onSubmit={create}>
          <label className="visually-hidden" htmlFor="ha-name">Key name</label>
          <input id="ha-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? "Creating…" : "Create integration key"}</button>
        </form>
      </section>
      <section className="panel" aria-labelledby="ha-keys">
        <h2 id="ha-keys">Keys</h2>
        {keys.data === undefined ? (keys.error ? <p className="error-text">{keys.error.message}</p> : <LoadingSpinner />) : keys.data.length === 0 ? <EmptyState title="No integration keys" /> : (
          <div className="table-wrap">
            <table>
              <thead><tr><th>Name</th><th>Created</th><th>Last used</th><th><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {keys.data.map((k) => (
                  <tr key={k.id}><td>{k.name}</td><td>{formatDateTime(k.created_at)}</td><td>{k.last_used_at ? formatRelative(k.last_used_at) : "never"}</td>
                    <td><button type="button" className="btn btn-small btn-danger" onClick={() => revoke(k)}>Revoke</button></td></tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {created && (
        <Modal title="Integration key created" onClose={() => setCreated(null)} footer={<button type="button" className="btn btn-primary" onClick={() => setCreated(null)}>I saved the key</button>}>
          <p className="warning-text" role="alert">{created.warning}</p>
          <CopyField label="Integration key (shown once)" value={created.key} testId="new-integration-key" />
          <CopyField label="Command Center URL" value={window.location.origin} />
        </Modal>
      )}
    </div>
  );
}
