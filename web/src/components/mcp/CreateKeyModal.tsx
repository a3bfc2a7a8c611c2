import { useState } from "react";
import type { FormEvent } from "react";
import * as api from "../../services/api";
import type { McpScopeMode, Schemas } from "../../services/api";
import Modal from "../Modal";
import CopyField from "../CopyField";
import ClientSetupTabs from "./ClientSetupTabs";

interface CreateKeyModalProps {
  tools: Schemas["McpToolCatalog"] | undefined;
  onClose: () => void;
  onCreated?: () => void;
}

/**
 * Name and scope → create → the key, shown exactly once, with the setup snippets filled in.
 * That dialog is the confirmation: a toast on a phone would cover the key.
 */
export default function CreateKeyModal({ tools, onClose, onCreated }: CreateKeyModalProps) {
  const [name, setName] = useState("");
  const [scopeMode, setScopeMode] = useState<McpScopeMode>("all");
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Schemas["McpKeyCreated"] | null>(null);
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
    return (
      <Modal title={`Key "${created.name}" created`} onClose={onClose} wide footer={<button type="button" className="btn btn-primary" onClick={onClose}>I saved the key</button>}>
        <p className="warning-text" role="alert">{created.warning}</p>
        <CopyField label="MCP API key (shown once)" value={created.key} testId="new-mcp-key" />
        <h3>Connect a client</h3>
        <ClientSetupTabs apiKey={created.key} />
      </Modal>
    );
  }

  const toggleTool = (tool: string, on: boolean) => setSelected((s) => (on ? [...s, tool] : s.filter((n) => n !== tool)));
  return (
    <Modal
      title="New MCP key"
      onClose={onClose}
      wide
      footer={<><button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button><button type="submit" form="mcp-key-form" className="btn btn-primary" disabled={busy || (scopeMode === "custom" && !selected.length)}>{busy ? "Creating…" : "Create key"}</button></>}
    >
      <form id="mcp-key-form" onSubmit={submit}>
        <label className="field"><span>Name</span><input data-autofocus value={name} maxLength={100} placeholder="Claude Desktop" onChange={(e) => setName(e.target.value)} /></label>
        <fieldset className="field scope-fieldset">
          <legend className="muted small">Scope</legend>
          <label className="check"><input type="radio" name="scope" checked={scopeMode === "all"} onChange={() => setScopeMode("all")} />All tools (read and write)</label>
          <label className="check"><input type="radio" name="scope" checked={scopeMode === "readonly"} onChange={() => setScopeMode("readonly")} />Read-only ({tools?.read?.length ?? 16} tools)</label>
          <label className="check"><input type="radio" name="scope" checked={scopeMode === "custom"} onChange={() => setScopeMode("custom")} />Custom selection</label>
        </fieldset>
        {scopeMode === "custom" && (
          <div className="tool-list" role="group" aria-label="Tools">
            {allTools.map((t) => (
              <label key={t.name} className="check tool">
                <input type="checkbox" checked={selected.includes(t.name)} onChange={(e) => toggleTool(t.name, e.target.checked)} />
                <span><code className="wrap-anywhere">{t.name}</code> <span className={`pill ${t.category === "write" ? "sev-medium" : ""}`}>{t.category}</span></span>
              </label>
            ))}
          </div>
        )}
        {error && <p className="error-text" role="alert">{error}</p>}
      </form>
    </Modal>
  );
}
