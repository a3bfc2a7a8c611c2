import { useState } from "react";
import { KeyRound, Plus, Trash2 } from "lucide-react";
import type { AsyncResult } from "../../hooks/useAsync";
import * as api from "../../services/api";
import type { Schemas } from "../../services/api";
import RevokeKeyModal from "../RevokeKeyModal";
import EmptyState from "../EmptyState";
import LoadingSpinner from "../LoadingSpinner";
import SettingsSection from "../settings/SettingsSection";
import { formatDateTime, formatRelative } from "../../util/format";

type Key = Schemas["McpKeyItem"];

const scopeLabel = (key: Key) => (key.scope_mode === "custom" ? `${key.scope_tools.length} tool(s)` : key.scope_mode === "readonly" ? "read-only" : "all tools");

export default function KeysPanel({ keys, onCreate }: { keys: AsyncResult<Key[]>; onCreate: () => void }) {
  const [revoking, setRevoking] = useState<Key | null>(null);
  return (
    <SettingsSection
      id="mcp-keys"
      title="Keys"
      icon={KeyRound}
      help={<>Each agent or machine gets its own osc_ key, so you can see who did what and revoke one without touching the others. Read-only keys can look at cameras and incidents but not change anything.</>}
    >
      {keys.data === undefined ? (
        keys.error ? <p className="error-text" role="alert">{keys.error.message}</p> : <LoadingSpinner label="Loading keys…" />
      ) : keys.data.length === 0 ? (
        <EmptyState icon={<KeyRound size={28} aria-hidden="true" />} title="No MCP keys" action={<button type="button" className="btn btn-primary" onClick={onCreate}><Plus size={16} aria-hidden="true" /> Create one</button>}>
          Keys are shown once at creation and can be revoked at any time.
        </EmptyState>
      ) : (
        <div className="table-wrap mcp-table-wrap">
          <table className="mcp-keys-table">
            <thead><tr><th>Name</th><th>Scope</th><th className="col-created">Created</th><th>Last used</th><th><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {keys.data.map((k) => (
                <tr key={k.id}>
                  <td className="key-name">{k.name || <span className="muted">(unnamed)</span>}</td>
                  <td>{scopeLabel(k)}</td>
                  <td className="col-created">{formatDateTime(k.created_at)}</td>
                  <td>{k.last_used_at ? formatRelative(k.last_used_at) : "never"}</td>
                  <td><button type="button" className="btn btn-small btn-danger" aria-label="Revoke" onClick={() => setRevoking(k)}><Trash2 size={14} aria-hidden="true" /><span className="btn-text">Revoke</span></button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoking && (
        <RevokeKeyModal
          name={revoking.name || "unnamed key"}
          revoke={() => api.revokeMcpKey(revoking.id)}
          revokedMessage={`Revoked ${revoking.name || "the key"}: clients using it stop working now.`}
          onClose={() => setRevoking(null)}
          onRevoked={keys.reload}
        >
          <p>Clients using this key stop working at once. This cannot be undone; create a new key to reconnect them.</p>
        </RevokeKeyModal>
      )}
    </SettingsSection>
  );
}
