import { PlugZap } from "lucide-react";
import SettingsSection from "../settings/SettingsSection";
import CopyField from "../CopyField";
import ClientSetupTabs from "./ClientSetupTabs";
import { mcpEndpoint } from "./setup";

/** Always-visible setup instructions, with a placeholder where the key goes. */
export default function ClientSetupPanel() {
  return (
    <SettingsSection
      id="mcp-setup"
      title="Connect a client"
      icon={PlugZap}
      help={<>MCP clients talk to this Command Center over Streamable HTTP. The key is only shown when you create it: if you lost it, revoke it and create a new one.</>}
    >
      <CopyField label="MCP endpoint" value={mcpEndpoint(window.location.origin)} />
      <p className="muted small">Replace <code>&lt;your osc_ key&gt;</code> with a key from the list above; the dialog after "New key" shows these snippets with the key filled in.</p>
      <ClientSetupTabs />
    </SettingsSection>
  );
}
