import { useState } from "react";
import { Plus } from "lucide-react";
import { useAsync } from "../hooks/useAsync";
import * as api from "../services/api";
import KeysPanel from "../components/mcp/KeysPanel";
import ConnectedClients from "../components/mcp/ConnectedClients";
import ClientSetupPanel from "../components/mcp/ClientSetupPanel";
import ActivityFeed from "../components/mcp/ActivityFeed";
import ToolCatalog from "../components/mcp/ToolCatalog";
import CreateKeyModal from "../components/mcp/CreateKeyModal";
import { mcpEndpoint } from "../components/mcp/setup";
import "../styles/settings.css";
import "../styles/mcp.css";

export default function McpPage() {
  const keys = useAsync(api.listMcpKeys, []);
  const tools = useAsync(api.listMcpTools, []);
  const [creating, setCreating] = useState(false);

  return (
    <div className="page mcp-page">
      <div className="page-header">
        <h1>MCP</h1>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}><Plus size={16} aria-hidden="true" /> New key</button>
      </div>
      <p className="muted">Let AI agents (Claude, Cursor, your own) watch cameras and file incidents through the Model Context Protocol at <code className="wrap-anywhere">{mcpEndpoint(window.location.origin)}</code>.</p>
      <KeysPanel keys={keys} onCreate={() => setCreating(true)} />
      <div className="mcp-columns">
        <ConnectedClients />
        <ClientSetupPanel />
      </div>
      <ActivityFeed />
      <ToolCatalog tools={tools} />
      {creating && <CreateKeyModal tools={tools.data} onClose={() => setCreating(false)} onCreated={keys.reload} />}
    </div>
  );
}
