import { Wrench } from "lucide-react";
import type { AsyncResult } from "../../hooks/useAsync";
import type { Schemas } from "../../services/api";
import LoadingSpinner from "../LoadingSpinner";
import SettingsSection from "../settings/SettingsSection";

export default function ToolCatalog({ tools }: { tools: AsyncResult<Schemas["McpToolCatalog"]> }) {
  return (
    <SettingsSection
      id="mcp-tools"
      title={`Tool catalog${tools.data?.total ? ` (${tools.data.total})` : ""}`}
      icon={Wrench}
      help={<>What an agent can do through MCP. Read tools only look (cameras, snapshots, incidents); write tools change things (incidents, recording). A read-only key gets the read tools only.</>}
    >
      {tools.data === undefined ? (
        tools.error ? <p className="error-text" role="alert">{tools.error.message}</p> : <LoadingSpinner label="Loading tools…" />
      ) : (
        (["read", "write"] as const).map((cat) => (
          <div key={cat}>
            <h3>{cat === "read" ? "Read" : "Write"} tools</h3>
            <div className="tool-list mcp-tool-list">
              {(tools.data?.[cat] ?? []).map((t) => (
                <div key={t.name} className="tool"><code className="wrap-anywhere">{t.name}</code><p className="muted small">{t.description}</p></div>
              ))}
            </div>
          </div>
        ))
      )}
    </SettingsSection>
  );
}
