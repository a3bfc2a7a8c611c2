import { useEffect, useMemo, useState } from "react";
import type { FormEvent } from "react";
import { useAsync } from "../hooks/useAsync";
import { useToasts } from "../hooks/useToasts";
import * as api from "../services/api";
import type { McpScopeMode, Schemas } from "../services/api";
import { openEventStream } from "../services/sse";
import type { McpActivityFrame, StreamState } from "../services/sse";
import Modal from "../components/Modal";
import CopyField from "../components/CopyField";
import EmptyState from "../components/EmptyState";
import LoadingSpinner from "../components/LoadingSpinner";
import { formatDateTime, formatRelative } from "../util/format";

type SetupTab = "unix" | "windows" | "manual";
const SETUP_TABS: [SetupTab, string][] = [["unix", "macOS / Linux"], ["windows", "Windows"], ["manual", "Manual JSON"]];

export function mcpSetupCommands(key: string, origin = window.location.origin): Record<SetupTab, string> {
  return {
    unix: `curl -fsSL ${origin}/mcp-setup.sh | bash -s -- '${key}' '${origin}'`,
    windows: `& ([scriptblock]::Create((irm ${origin}/mcp-setup.ps1))) '${key}' '${origin}'`,
    manual: JSON.stringify({ mcpServers: { opensentry: { type: "http", url: `${origin}/mcp/`, headers: { Authorization: `Bearer ${key}` } } } }, null, 2),
  };
}

interface CreateKeyModalProps {
  tools: Schemas["McpToolCatalog"] | undefined;
  onClose: () => void;
  onCreated?: () => void;
}

function CreateKeyModal({ tools, onClose, onCreated }: CreateKeyModalProps) {
  const [name, setName] = useState("");
  const [scopeMode, setScopeMode] = useState<McpScopeMode>("all");
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Schemas["McpKeyCreated"] | null>(null);
  const [tab, setTab] = useState<SetupTab>("unix");
  const allTools = [...(tools?.read ?? []), ...(tools?.write ?? [])];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api.createMcpKey({ name: name.trim() || "Default", scopeMode, scopeTools: selected });
      setCreated(res);
      onCreated?.();
    } catch (err) {
      setError(api.errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    const cmds = mcpSetupCommands(created.key);
    return (
      <Modal title={`Key "${created.name}" created`} onClose={onClose} wide footer={<button type="button" className="btn btn-primary" onClick={onClose}>I saved the key</button>}>
        <p className="warning-text" role="alert">{created.warning}</p>
        <CopyField label="MCP API key (shown once)" value={created.key} testId="new-mcp-key" />
        <div className="tabs" role="tablist" aria-label="Client setup">
          {SETUP_TABS.map(([id, label]) => (
            <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? "tab active" : "tab"} onClick={() => setTab(id)}>{label}</button>
          ))}
        </div>
        <CopyField label="Configure Claude Code / Desktop, Cursor or Windsurf" value={cmds[tab]} multiline />
      </Modal>
    );
  }

  return (
    <Modal
      title="New MCP key"
      onClose={onClose}
      wide
      footer={<><button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button><button type="submit" form="mcp-key-form" className="btn btn-primary" disabled={busy || (scopeMode === "custom" && !selected.length)}>{busy ? "Creating…" : "Create key"}</button></>}
    >
      <form id="mcp-key-form" onSubmit={submit}>
        <label className="field"><span>Name</span><input data-autofocus value={name} maxLength={100} placeholder="Claude Desktop" onChange={(e) => setName(e.target.value)} /></label>
        <fieldset className="field">
          <legend className="muted small">Scope</legend>
          <label className="check"><input type="radio" name="scope" checked={scopeMode === "all"} onChange={() => setScopeMode("all")} />All tools (read and write)</label>
          <label className="check"><input type="radio" name="scope" checked={scopeMode === "readonly"} onChange={() => setScopeMode("readonly")} />Read-only ({tools?.read?.length ?? 16} tools)</label>
          <label className="check"><input type="radio" name="scope" checked={scopeMode === "custom"} onChange={() => setScopeMode("custom")} />Custom selection</label>
        </fieldset>
        {scopeMode === "custom" && (
          <div className="tool-list" role="group" aria-label="Tools">
            {allTools.map((t) => (
              <label key={t.name} className="check tool">
                <input type="checkbox" checked={selected.includes(t.name)} onChange={(e) => setSelected((s) => (e.target.checked ? [...s, t.name] : s.filter((n) => n !== t.name)))} />
                <span><code>{t.name}</code> <span className={`pill ${t.category === "write" ? "sev-medium" : ""}`}>{t.category}</span></span>
              </label>
            ))}
          </div>
        )}
        {error && <p className="error-text" role="alert">{error}</p>}
      </form>
    </Modal>
  );
}

function ActivityFeed() {
  const recent = useAsync(() => api.getMcpRecent(50), []);
  const stats = useAsync(api.getMcpStats, [], { intervalMs: 15000 });
  const sessions = useAsync(api.getMcpSessions, [], { intervalMs: 15000 });
  const [live, setLive] = useState<McpActivityFrame[]>([]);
  const [state, setState] = useState<StreamState>("connecting");

  useEffect(
    () =>
      openEventStream(api.MCP_ACTIVITY_STREAM, {
        onEvent: (e) => e.type === "tool_call" && setLive((list) => [e, ...list].slice(0, 200)),
        onStatus: ({ state: s }) => setState(s),
      }),
    [],
  );

  const events = useMemo(() => {
    const seen = new Set<string>();
    return [...live, ...[...(recent.data ?? [])].reverse()].filter((e) => (seen.has(e.id) ? false : seen.add(e.id)));
  }, [live, recent.data]);

  return (
    <section className="panel" aria-labelledby="mcp-activity">
      <div className="row-between">
        <h2 id="mcp-activity">Live activity</h2>
        <span className="row small muted"><span className={`live-dot live-${state}`} aria-hidden="true" />{state === "open" ? "Live" : state}</span>
      </div>
      {stats.data && (
        <p className="muted small">
          {stats.data.calls_per_min} call(s)/min · {stats.data.calls_5m} in 5 min · {stats.data.error_count} error(s) · {stats.data.active_clients} active client(s)
        </p>
      )}
      {(sessions.data ?? []).length > 0 && (
        <p className="small">{(sessions.data ?? []).map((s) => <span key={s.key_name} className="pill" style={{ marginRight: 6 }}>{s.key_name} · {s.status} · {s.call_count}</span>)}</p>
      )}
      {recent.error && !events.length ? <p className="error-text">{recent.error.message}</p> : events.length === 0 ? (
        <p className="muted">No tool calls yet. They appear here the moment an agent uses a key.</p>
      ) : (
        <ul className="activity-feed">
          {events.map((e) => (
            <li key={e.id}>
              <span className={e.status === "error" ? "error-text" : "tone-ok-text"}>{e.status === "error" ? "✗" : "✓"}</span>
              <code>{e.tool_name}</code>
              <span className="muted">{e.key_name}</span>
              {e.duration_ms != null && <span className="muted">{e.duration_ms} ms</span>}
              <span className="muted truncate">{e.error || e.args_summary || ""}</span>
              <span className="spacer" />
              <span className="muted">{formatRelative(e.timestamp)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function McpPage() {
  const toast = useToasts();
  const keys = useAsync(api.listMcpKeys, []);
  const tools = useAsync(api.listMcpTools, []);
  const [creating, setCreating] = useState(false);

  const revoke = async (key: Schemas["McpKeyItem"]) => {
    if (!window.confirm(`Revoke "${key.name}"? Clients using it stop working at once.`)) return;
    try {
      await api.revokeMcpKey(key.id);
      toast.success(`Revoked ${key.name}.`);
      keys.reload();
    } catch (err) {
      toast.error(err);
    }
  };

  return (
    <div className="page">
      <div className="page-header">
        <h1>MCP</h1>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>New key</button>
      </div>
      <p className="muted">Let AI agents (Claude, Cursor, your own) watch cameras and file incidents through the Model Context Protocol at <code>{window.location.origin}/mcp/</code>.</p>
      <section className="panel" aria-labelledby="mcp-keys">
        <h2 id="mcp-keys">Keys</h2>
        {keys.data === undefined ? (keys.error ? <p className="error-text">{keys.error.message}</p> : <LoadingSpinner />) : keys.data.length === 0 ? (
          <EmptyState title="No MCP keys" action={<button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>Create one</button>}>Keys are shown once at creation and can be revoked at any time.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table>
              <thead><tr><th>Name</th><th>Scope</th><th>Created</th><th>Last used</th><th><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {keys.data.map((k) => (
                  <tr key={k.id}>
                    <td>{k.name || <span className="muted">(unnamed)</span>}</td>
                    <td>{k.scope_mode === "custom" ? `${k.scope_tools.length} tool(s)` : k.scope_mode}</td>
                    <td>{formatDateTime(k.created_at)}</td>
                    <td>{k.last_used_at ? formatRelative(k.last_used_at) : "never"}</td>
                    <td><button type="button" className="btn btn-small btn-danger" onClick={() => revoke(k)}>Revoke</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <ActivityFeed />
      <section className="panel" aria-labelledby="mcp-tools">
        <h2 id="mcp-tools">Tool catalog {tools.data?.total ? <span className="muted small">({tools.data.total})</span> : null}</h2>
        {tools.data === undefined ? (tools.error ? <p className="error-text">{tools.error.message}</p> : <LoadingSpinner />) : (
          (["read", "write"] as const).map((cat) => (
            <div key={cat}>
              <h3>{cat === "read" ? "Read" : "Write"} tools</h3>
              <div className="tool-list">
                {(tools.data?.[cat] ?? []).map((t) => (
                  <div key={t.name} className="tool"><code>{t.name}</code><p className="muted small">{t.description}</p></div>
                ))}
              </div>
            </div>
          ))
        )}
      </section>
      {creating && <CreateKeyModal tools={tools.data} onClose={() => setCreating(false)} onCreated={keys.reload} />}
    </div>
  );
}
